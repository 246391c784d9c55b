#!/bin/sh
# Rebuild profiles/FOGRA39L.icc, the press PDF's CMYK output profile, from Fogra's FOGRA39
# characterization data as Debian ships it (icc-profiles-free: FOGRA39L.ti3, zlib licence)
# with ArgyllCMS's colprof (Debian: argyll). Not part of the build: the profile is committed,
# so builds stay byte-identical; run this only to change it.
#   apt-get install icc-profiles-free argyll && sh profiles/build.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp /usr/share/color/icc/FOGRA39L.ti3 "$work/"
cd "$work"
# -qm medium quality; -kr black ramp (Argyll's default GCR); -l300 total ink 300 %; -L95 black ink 95 %.
colprof -qm -kr -l300 -L95 -D "FOGRA39L (built by ArgyllCMS from FOGRA39L.ti3)" \
  -C "Data: Fogra (FOGRA39L); profile: pamflet, zlib" FOGRA39L
cp FOGRA39L.icc "$here/FOGRA39L.icc"
