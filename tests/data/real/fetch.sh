#!/bin/sh
# Fetch the corpus PDFs again: from Debian's TeX Live documentation packages and from
# the pypdf sdist on PyPI. Usage: sh tests/data/real/fetch.sh   (needs apt-get download,
# dpkg-deb and pip). The PDFs whose licence does not allow keeping them in the repository
# (en-bezier, en-geobase, en-shriyantra: see .gitignore) exist only through this script.
set -e
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
cd "$tmp"
apt-get download texlive-lang-german texlive-lang-spanish texlive-lang-polish \
  texlive-lang-italian texlive-lang-french texlive-lang-european texlive-humanities-doc \
  texlive-metapost-doc texlive-fonts-extra-doc >/dev/null
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
en-bezier metapost/featpost/doc/otherinfo/BezierApprox.pdf
en-shriyantra metapost/featpost/doc/otherinfo/Zpravodaj2009-4.pdf
en-tugboat metapost/mp3d/tb57roeg.pdf
en-stix fonts/stix/STIX_Font_1.1.1_Release_Documentation.pdf
en-atkinson fonts/atkinson/Atkinson-Hyperlegible-Font-License-2020-1104.pdf
LIST
pip download --no-deps --no-binary :all: -d . pypdf==7.1.1 >/dev/null
tar xzf pypdf-7.1.1.tar.gz pypdf-7.1.1/resources/GeoBase_NHNC1_Data_Model_UML_EN.pdf
cp pypdf-7.1.1/resources/GeoBase_NHNC1_Data_Model_UML_EN.pdf "$here/en-geobase/doc.pdf"
rm -rf "$tmp"
