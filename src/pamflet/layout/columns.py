"""Balanced columns (the index's) found by bisection, inside WeasyPrint's own column layout.

WeasyPrint 70 balances the last page of a multi-column box by laying its columns out again
and again, each time a little taller (by the height that moves one box up a column), until
everything fits: on the seed's index, some twenty layouts of the page per register, most of
the index's layout time. The balanced height is the least at which the content fits in the
columns; this finds it by trying the ideal height (total height ÷ columns), then a line more,
two, four… until one fits, then the height those columns took, and bisecting between the
last that did not fit and the first that did, to 3 px (a fifth of a line: the columns hold
the same entries as at the least height, measured on the seed): four to six layouts. WeasyPrint also lays out, after each column, all the
content left, unbounded, to learn the step to grow by; that step is not used here, and
neither is that layout. Once the height is found, WeasyPrint lays the columns out a last time at
that height; when the last trial was at that height, it made the same columns (same boxes, state
and room) and is taken instead (an earlier trial's boxes may have been moved by the later ones),
moved to where each column stands, unless it placed footnotes, floats or positioned boxes, or
began with the page empty when the last layout would not (``_keepable``): on the seed's index,
four of 37 column layouts. Everything else is WeasyPrint's ``columns_layout`` as it is (copied:
the loop that grows the height is inside it); pinned to WeasyPrint 70, like ``footnotes.py``.
"""

# ruff: noqa — WeasyPrint's code, kept as it is but for the lines marked "pamflet".
from __future__ import annotations

import contextlib
from dataclasses import dataclass
from math import floor, inf

import weasyprint.layout.block
from weasyprint.layout.absolute import absolute_layout
from weasyprint.layout.column import _create_column_box, _report_footnotes
from weasyprint.layout.percent import percentage, resolve_percentages


@contextlib.contextmanager
def bisected_balance():
    """Use this module's ``columns_layout`` for the layouts made inside this block."""
    original = weasyprint.layout.block.columns_layout
    weasyprint.layout.block.columns_layout = columns_layout
    try:
        yield
    finally:
        weasyprint.layout.block.columns_layout = original


@dataclass
class _Trial:
    """A trial layout of the columns, which the final layout may take (``_keepable``)."""

    height: float
    columns: list
    skip_stack: dict | None
    next_page: dict
    page_is_empty: bool
    bottom_space: float


def _keepable(columns, absolute_boxes, fixed_boxes, height_defined) -> bool:
    """Whether a trial's columns are what the final layout at the same height would make:
    it lays them out again from the same boxes and state, but for placeholders (footnotes,
    floats, running and out-of-flow boxes, which the trial's clean-up takes back from the
    layout context) and extra columns beside them (a set height). The trial laid the columns
    out where the first stands; the final one, each where it stands (a translation)."""
    if absolute_boxes or fixed_boxes or height_defined:
        return False
    stack = list(columns)
    while stack:
        box = stack.pop()
        if box.footnote or box.note or not box.is_in_normal_flow():  # floated, positioned, running, a note
            return False
        stack.extend(getattr(box, 'children', ()))
    return True


def columns_layout(context, box, bottom_space, skip_stack, containing_block,
                   page_is_empty, absolute_boxes, fixed_boxes, adjoining_margins,
                   first_letter_style, first_line_style):
    """Lay out a multi-column ``box``."""
    from weasyprint.layout.block import (  # isort:skip
        block_box_layout, block_level_layout, block_level_width,
        collapse_margin, remove_placeholders)

    style = box.style
    width = style['column_width']
    count = style['column_count']
    height = style['height']
    original_bottom_space = bottom_space
    context.in_column = True

    if style['position'] == 'relative':
        # New containing block, use a new absolute list
        absolute_boxes = []

    box = box.copy_with_children(box.children)
    box.position_y += collapse_margin(adjoining_margins)

    # Set height if defined
    if height != 'auto' and height.unit != '%':
        assert height.unit.lower() == 'px'
        height_defined = True
        empty_space = context.page_bottom - box.content_box_y() - height.value
        bottom_space = max(bottom_space, empty_space)
    else:
        height_defined = False

    # TODO: the columns container width can be unknown if the containing block
    # needs the size of this block to know its own size
    block_level_width(box, containing_block)

    if style['column_gap'] == 'normal':
        # 1em because in column context
        gap = style['font_size']
    else:
        gap = percentage(style['column_gap'], box.style, box.width)

    # Define the number of columns and their widths
    if width == 'auto' and count != 'auto':
        width = max(0, box.width - (count - 1) * gap) / count
    elif width != 'auto' and count == 'auto':
        count = max(1, floor((box.width + gap) / (width + gap)))
        width = (box.width + gap) / count - gap
    else:  # overconstrained, with width != 'auto' and count != 'auto'
        count = max(1, min(count, floor((box.width + gap) / (width + gap))))
        width = (box.width + gap) / count - gap

    # Handle column-span property with the following structure:
    # columns_and_blocks = [
    #     [column_child_1, column_child_2],
    #     spanning_block,
    #     …
    # ]
    columns_and_blocks = []
    column_children = []
    skip, = skip_stack.keys() if skip_stack else (0,)
    for i, child in enumerate(box.children[skip:], start=skip):
        if child.style['column_span'] == 'all':
            if column_children:
                columns_and_blocks.append(
                    (i - len(column_children), column_children))
            columns_and_blocks.append((i, child.copy()))
            column_children = []
            continue
        column_children.append(child.copy())
    if column_children:
        columns_and_blocks.append(
            (i + 1 - len(column_children), column_children))

    if skip_stack:
        skip_stack = {0: skip_stack[skip]}

    if not box.children:
        next_page = {'break': 'any', 'page': None}
        skip_stack = None

    # Find height and balance.
    #
    # The current algorithm starts from the total available height, to check
    # whether the whole content can fit. If it doesn’t fit, we keep the partial
    # rendering. If it fits, we try to balance the columns starting from the
    # ideal height (the total height divided by the number of columns). We then
    # iterate until the last column is not the highest one. At the end of each
    # loop, we add the minimal height needed to make one direct child at the
    # top of one column go to the end of the previous column.
    #
    # We rely on a real rendering for each loop, and with a stupid algorithm
    # like this it can last minutes…

    adjoining_margins = []
    current_position_y = box.content_box_y()
    new_children = []
    column_skip_stack = None
    last_loop = False
    break_page = False
    footnote_area_heights = [
        0 if context.current_footnote_area.height == 'auto'
        else context.current_footnote_area.margin_height()]
    last_footnotes_height = 0
    for index, column_children_or_block in columns_and_blocks:
        if not isinstance(column_children_or_block, list):
            # We have a spanning block, we display it like other blocks
            block = column_children_or_block
            resolve_percentages(block, containing_block)
            block.position_x = box.content_box_x()
            block.position_y = current_position_y
            new_child, resume_at, next_page, adjoining_margins, _, _ = (
                block_level_layout(
                    context, block, original_bottom_space, skip_stack, containing_block,
                    page_is_empty, absolute_boxes, fixed_boxes, adjoining_margins,
                    first_letter_style, first_line_style))
            skip_stack = None
            if new_child is None:
                last_loop = True
                break_page = True
                break
            new_children.append(new_child)
            current_position_y = (
                new_child.border_height() + new_child.border_box_y())
            adjoining_margins.append(new_child.margin_bottom)
            if resume_at:
                last_loop = True
                break_page = True
                column_skip_stack = resume_at
                break
            page_is_empty = False
            continue

        # We have a list of children that we have to balance between columns
        column_children = column_children_or_block

        # Find the total height available for the first run
        current_position_y += collapse_margin(adjoining_margins)
        adjoining_margins = []
        column_box = _create_column_box(
            box, containing_block, column_children, width, current_position_y)
        height = max_height = (
            context.page_bottom - current_position_y - original_bottom_space)

        # Try to render columns until the content fits, increase the column
        # height step by step
        column_skip_stack = skip_stack
        lost_space = inf
        step = 0.0  # pamflet: the height added while no fit is found (set when balancing starts)
        original_excluded_shapes = context.excluded_shapes[:]
        original_page_is_empty = page_is_empty
        page_is_empty = stop_rendering = balancing = False
        last_trial = None  # pamflet: the last trial, if the final layout may take its columns (see _keepable)
        while True:
            # Remove extra excluded shapes introduced during the previous loop
            while len(context.excluded_shapes) > len(original_excluded_shapes):
                context.excluded_shapes.pop()

            # Render the columns
            column_skip_stack = skip_stack
            consumed_heights = []
            used_heights = []  # pamflet: each column's content with its last margin
            new_boxes = []
            trial_absolute, trial_fixed = [], []  # pamflet: kept, to tell whether the trial placed any
            trial_empty = page_is_empty or not balancing  # pamflet
            for i in range(count):
                # Render one column
                new_box, resume_at, next_page, _, _, _ = block_box_layout(
                    context, column_box,
                    context.page_bottom - current_position_y - height,
                    column_skip_stack, containing_block,
                    trial_empty, trial_absolute, trial_fixed, [], first_letter_style,
                    first_line_style, discard=False, max_lines=None)
                if new_box is None:
                    # We didn't render anything, retry
                    column_skip_stack = {0: None}
                    new_boxes = None  # pamflet: nothing to keep
                    break
                new_boxes.append(new_box)
                column_skip_stack = resume_at

                # Calculate consumed height, empty space and next box height
                in_flow_children = [
                    child for child in new_box.children
                    if child.is_in_normal_flow()]
                if in_flow_children:
                    # Get the empty space at the bottom of the column box
                    consumed_height = (
                        in_flow_children[-1].margin_height() +
                        in_flow_children[-1].position_y - current_position_y)
                    empty_space = height - consumed_height
                    used_heights.append(consumed_height)  # pamflet
                    consumed_height -= in_flow_children[-1].margin_bottom

                    # pamflet: WeasyPrint lays out the rest of the content here, with no
                    # height limit, only to learn how much taller the column must grow to
                    # take one more box (``lost_space``); the bisection does not grow by
                    # that step, so it is not laid out (on the seed's index, this was
                    # over half of the index's layout time).
                    next_box_height = 0
                else:
                    consumed_height = empty_space = next_box_height = 0

                consumed_heights.append(consumed_height)

                # Append the size needed to render the next box in this
                # column.
                #
                # The next box size may be smaller than the empty space, for
                # example when the next box can't be separated from its own
                # next box. In this case we don't try to find the real value
                # and let the workaround below fix this for us.
                #
                # We also want to avoid very small values that may have been
                # introduced by rounding errors. As the workaround below at
                # least adds 1 pixel for each loop, we can ignore lost spaces
                # lower than 1px.
                if next_box_height - empty_space > 1:
                    lost_space = min(lost_space, next_box_height - empty_space)

                # Stop if we already rendered the whole content
                if resume_at is None:
                    break

            # Remove placeholders but keep the current footnote area height
            last_footnotes_height = (
                0 if context.current_footnote_area.height == 'auto'
                else context.current_footnote_area.margin_height())
            # pamflet: only the last trial is kept (a later one moves boxes an earlier one holds)
            last_trial = (_Trial(height, new_boxes, column_skip_stack, next_page, trial_empty,
                                 context.page_bottom - current_position_y - height)
                          if new_boxes is not None and _keepable(new_boxes, trial_absolute, trial_fixed, height_defined) else None)
            remove_placeholders(context, new_boxes or [], [], [])

            if last_loop:
                break

            if balancing:
                # pamflet: bisect between a height known too low and one known to fit,
                # instead of growing the height a box at a time (see the module's docstring).
                used = None
                if column_skip_stack is None:
                    fitting = height
                    used = max(used_heights, default=height)  # what the columns took of it
                else:
                    too_low = height
                if fitting - too_low <= 3:  # pamflet: 3 px, not 1 (see the docstring)
                    height = fitting
                    break
                if used is not None and too_low < used < fitting - 1:
                    # pamflet: the same columns fit in the height they took; tried, as
                    # the bounds must be laid out to be trusted.
                    height = used
                elif fitting == max_height and too_low + step < max_height:
                    # pamflet: no fit found yet above the ideal height: try a line taller,
                    # then two, four… (the balanced height is seldom more than a few lines
                    # above the ideal), and bisect once a height fits.
                    height = too_low + step
                    step *= 2
                else:
                    height = (too_low + fitting) / 2
            else:
                if last_footnotes_height not in footnote_area_heights:
                    # Footnotes have been rendered, try to re-render with the
                    # new footnote area height
                    height -= last_footnotes_height - footnote_area_heights[-1]
                    footnote_area_heights.append(last_footnotes_height)
                    continue

                everything_fits = (
                    not column_skip_stack and
                    max(consumed_heights) <= max_height)
                if everything_fits:
                    # Everything fits, start expanding columns at the average
                    # of the column heights
                    if (style['column_fill'] == 'balance' or
                            index < columns_and_blocks[-1][0]):
                        balancing = True
                        height = sum(consumed_heights) / count
                        too_low, fitting = height - 1, max_height  # pamflet: the bisection's bounds
                        step = style['font_size'] * 1.25  # pamflet: about a line
                    else:
                        break
                else:
                    # Content overflows even at maximum height, stop now and
                    # let the columns continue on the next page
                    stop_rendering = True
                    break

        # TODO: check style['max']-height
        bottom_space = max(
            bottom_space, context.page_bottom - current_position_y - height)

        # Replace the current box children with real columns
        i = 0
        max_column_height = 0
        columns = []
        trial = last_trial  # pamflet: taken if laid out as this would be: same height, page-empty flag, room
        taken = trial is not None and (trial.height, trial.page_is_empty, trial.bottom_space) == (height, original_page_is_empty, bottom_space)
        if taken:
            for i, new_child in enumerate(trial.columns):
                new_child.translate(
                    box.width - (i + 1) * width - i * gap if style['direction'] == 'rtl' else i * (width + gap), 0)
                columns.append(new_child)
                max_column_height = max(max_column_height, new_child.margin_height())
            skip_stack, next_page = trial.skip_stack, trial.next_page
            if skip_stack is None:
                bottom_space = original_bottom_space
        while not taken:  # pamflet: laid out only when no trial is taken
            column_box = _create_column_box(
                box, containing_block, column_children, width,
                current_position_y)
            if style['direction'] == 'rtl':
                column_box.position_x += box.width - (i + 1) * width - i * gap
            else:
                column_box.position_x += i * (width + gap)
            new_child, column_skip_stack, column_next_page, _, _, _ = (
                block_box_layout(
                    context, column_box, bottom_space, skip_stack, containing_block,
                    original_page_is_empty, absolute_boxes, fixed_boxes, None,
                    first_letter_style, first_line_style, discard=False,
                    max_lines=None))
            if new_child is None:
                columns = []
                break_page = True
                break
            next_page = column_next_page
            skip_stack = column_skip_stack
            columns.append(new_child)
            max_column_height = max(
                max_column_height, new_child.margin_height())
            if skip_stack is None:
                bottom_space = original_bottom_space
                break
            i += 1
            if i == count and not height_defined:
                # [If] a declaration that constrains the column height
                # (e.g., using height or max-height). In this case,
                # additional column boxes are created in the inline
                # direction.
                break

        # Update the current y position and set the columns’ height
        current_position_y += min(max_height, max_column_height)
        for column in columns:
            column.height = max_column_height
            new_children.append(column)

        skip_stack = None
        page_is_empty = False

        if stop_rendering:
            break

    # Report footnotes above the defined footnotes height
    _report_footnotes(context, footnote_area_heights[-1])

    if box.children and not new_children:
        # The box has children but none can be drawn, let's skip the whole box
        context.in_column = False
        return None, (0, None), {'break': 'any', 'page': None}, [], False

    # Set the height of the containing box
    box.children = new_children
    current_position_y += collapse_margin(adjoining_margins)
    height = current_position_y - box.content_box_y()
    if box.height == 'auto':
        box.height = height
        height_difference = 0
    else:
        height_difference = box.height - height

    # Update the latest columns’ height to respect min-height
    if box.min_height != 'auto' and box.min_height > box.height:
        height_difference += box.min_height - box.height
        box.height = box.min_height
    for child in new_children[::-1]:
        if child.is_column:
            child.height += height_difference
        else:
            break

    if style['position'] == 'relative':
        # New containing block, resolve the layout of the absolute descendants
        for absolute_box in absolute_boxes:
            absolute_layout(
                context, absolute_box, box, fixed_boxes, bottom_space,
                skip_stack=None)

    # Calculate skip stack
    if column_skip_stack:
        skip, = column_skip_stack.keys()
        skip_stack = {index + skip: column_skip_stack[skip]}
    elif break_page:
        skip_stack = {index: None}

    # Update page bottom according to the new footnotes
    if context.current_footnote_area.height != 'auto':
        context.page_bottom += footnote_area_heights[0]
        context.page_bottom -= context.current_footnote_area.margin_height()

    context.in_column = False
    return box, skip_stack, next_page, [], False
