#!/usr/bin/env bash
# Render thidua's Word report and Excel workbook to PDF and PNG pages, to
# see what officers will see: LibreOffice (headless) makes the PDFs,
# pdftoppm the pages. Missing tools are installed from Debian's packages
# (libreoffice-writer, libreoffice-calc, poppler-utils and fonts-liberation,
# whose Liberation Serif has Times New Roman's metrics).
#
# Usage: scripts/render-report.sh [--period P] [--db DIR] [--out DIR]
#                                 [--narrative FILE.md] [--dpi N]
#   --period     the report's period (default 2021-H1)
#   --db         the database to read (default: a fresh one with the
#                built-in data in a temporary directory; never the
#                platform's default database unless you name it)
#   --out        where the files go (default: render-out/)
#   --narrative  the officers' narrative for the Word report
#   --dpi        PNG resolution (default 80)
# Set THIDUA_BIN to use a thidua binary other than target/release/thidua.
set -euo pipefail

period=2021-H1
db=""
out=render-out
narrative=""
dpi=80
while [ $# -gt 0 ]; do
    case "$1" in
        --period) period=$2; shift 2 ;;
        --db) db=$2; shift 2 ;;
        --out) out=$2; shift 2 ;;
        --narrative) narrative=$2; shift 2 ;;
        --dpi) dpi=$2; shift 2 ;;
        -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "render-report.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
    esac
done

here=$(cd "$(dirname "$0")/.." && pwd)

need=()
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer libreoffice-calc)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
fc-list 2>/dev/null | grep -qi "Liberation Serif" || need+=(fonts-liberation)
if [ ${#need[@]} -gt 0 ]; then
    echo "Installing: ${need[*]}" >&2
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

bin=${THIDUA_BIN:-$here/target/release/thidua}
if [ -z "${THIDUA_BIN:-}" ]; then
    (cd "$here" && cargo build --release --quiet)
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ -z "$db" ]; then
    db=$work/db
fi
mkdir -p "$out"

docx_args=()
[ -n "$narrative" ] && docx_args+=(--narrative "$narrative")
env -u THIDUA_SOCKET "$bin" --db "$db" report --period "$period" --format docx \
    --out "$out/report.docx" ${docx_args[@]+"${docx_args[@]}"}
env -u THIDUA_SOCKET "$bin" --db "$db" report --period "$period" --format xlsx \
    --score-sheets --out "$out/report.xlsx"

# A profile of its own, so a LibreOffice already open is not disturbed.
profile="file://$work/lo-profile"
for f in report.docx report.xlsx; do
    soffice -env:UserInstallation="$profile" --headless --convert-to pdf \
        --outdir "$out" "$out/$f" >/dev/null 2>&1
    pdf="$out/${f%.*}.pdf"
    [ -f "$pdf" ] || { echo "render-report.sh: LibreOffice made no PDF of $f" >&2; exit 1; }
    mv "$pdf" "$out/${f%.*}-${f##*.}.pdf"
done

for pdf in "$out"/report-docx.pdf "$out"/report-xlsx.pdf; do
    rm -f "${pdf%.pdf}"-*.png
    pdftoppm -r "$dpi" -png "$pdf" "${pdf%.pdf}"
done

echo "Written in $out/:"
ls -1 "$out" | sed 's/^/  /'
