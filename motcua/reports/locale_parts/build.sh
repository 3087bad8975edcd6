#!/usr/bin/env bash
# Merge the report pages' Vietnamese catalogue parts (one per area, edited by hand) into the app's
# catalogue and compile it. Run after editing a part: motcua/reports/locale_parts/build.sh
set -euo pipefail
cd "$(dirname "$0")"
out=../locale/vi/LC_MESSAGES/django.po
parts=$(ls ./*.po)
msgcat --use-first --sort-output -o "$out.tmp" $parts
{ printf 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: vi\\n"\n"Plural-Forms: nplurals=1; plural=0;\\n"\n\n'; sed '1,/^$/d' "$out.tmp"; } > "$out"
rm -f "$out.tmp"
msgfmt --check-format -o ../locale/vi/LC_MESSAGES/django.mo "$out"
