#!/bin/sh
# Fetch the corpus PDFs again: from Debian's TeX Live documentation packages and from
# the pypdf sdist on PyPI, and two test files of public GitHub repositories at pinned
# commits (curl, checked by SHA-256). Usage: sh tests/data/real/fetch.sh   (needs apt-get download,
# dpkg-deb and pip). The PDFs whose licence does not allow keeping them in the repository
# (en-bezier, en-geobase, en-shriyantra, en-gao, en-pdkids: see .gitignore) exist only through this script.
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
gh=https://raw.githubusercontent.com
while read -r id url sum; do
  curl -fsSL -o "$id.pdf" "$gh/$url"
  echo "$sum  $id.pdf" | sha256sum -c --quiet
  cp "$id.pdf" "$here/$id/doc.pdf"
done <<LIST
en-gao Unstructured-IO/unstructured/3e5482bfcdc843b5218ad98d2845b4b71ab013b7/example-docs/pdf/invalid-pdf-structure-pdfminer-one-page.pdf da07aa0fec60f7932d5c1c148d59f73c423882413ab0cc225936d7b6bf7a2770
en-pdkids mozilla/pdf.js/0f26334f9d6f96119f6e5164fb65832fbbde7344/test/pdfs/pdkids.pdf c4ea5ccc138bb58109aba4ec33c7841bf9bda637b20cec932904cbee700845b5
LIST
rm -rf "$tmp"
