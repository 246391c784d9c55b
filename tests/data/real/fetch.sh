#!/bin/sh
# Fetch the corpus PDFs again from Debian's TeX Live documentation packages.
# Usage: sh tests/data/real/fetch.sh   (needs apt-get download and dpkg-deb)
set -e
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
cd "$tmp"
apt-get download texlive-lang-german texlive-lang-spanish texlive-lang-polish \
  texlive-lang-italian texlive-lang-french texlive-lang-european texlive-humanities-doc >/dev/null
for f in *.deb; do dpkg-deb -x "$f" x; done
D=x/usr/share/doc/texlive-doc
while read -r id path; do
  cp "$D/$path" "$here/$id/doc.pdf"
done <<LIST
de-lualatex latex/lualatex-doc-de/lualatex-doc-DE.pdf
de-dehyph generic/dehyph-exptl/dehyph-exptl.pdf
de-booktabs latex/booktabs-de/booktabs-de.pdf
de-enumitem latex/translation-enumitem-de/enumitem-de.pdf
es-division generic/hyph-utf8/languages/es/division.pdf
pl-wkmgr latex/przechlewski-book/wkmgr1.pdf
it-layaureo latex/layaureo/layaureo.pdf
fr-impnattypo latex/impnattypo/impnattypo-fr.pdf
en-qtree latex/qtree/qtreenotes.pdf
en-fixltxhyph latex/fixltxhyph/fixltxhyph.pdf
fr-lacroux latex/bibleref-french/Lacroux-Bible.pdf
fr-droit latex/droit-fr/droit-fr.pdf
nl-dutch generic/babel-dutch/dutch.pdf
LIST
rm -rf "$tmp"
