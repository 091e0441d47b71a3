#!/bin/bash
# Builds the libFuzzer targets (clang, address sanitizer) from the few engine sources they need and
# runs each for a fixed number of inputs from a small seed corpus. Usage:
#   tests/fuzz/run_fuzz.sh SOURCE_DIR BUILD_DIR [RUNS]
# Exit status non-zero if a target crashes, leaks or trips a sanitizer.
set -eu
SRC=${1:?source dir}
OUT=${2:?build dir}/fuzz
RUNS=${3:-20000}
CXX=${FUZZ_CXX:-clang++}
mkdir -p "$OUT"
FLAGS="-std=c++17 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -I$SRC/engine"

build() {  # name sources...
    name=$1
    shift
    if [ ! -x "$OUT/$name" ] || [ -n "$(find "$SRC/tests/fuzz/$name.cpp" "$@" -newer "$OUT/$name" 2>/dev/null)" ]; then
        echo "building $name"
        $CXX $FLAGS -o "$OUT/$name" "$SRC/tests/fuzz/$name.cpp" "$@"
    fi
}

seed() {  # name file contents
    mkdir -p "$OUT/corpus/$1"
    printf '%b' "$3" > "$OUT/corpus/$1/$2"
}

DATA="$SRC/engine/data"
build fuzz_voc_xml "$DATA/annotation_readers.cpp" "$DATA/xml_reader.cpp"
build fuzz_boxes_csv "$DATA/annotation_readers.cpp" "$DATA/xml_reader.cpp"
build fuzz_cub_table "$DATA/annotation_readers.cpp" "$DATA/xml_reader.cpp"
build fuzz_safetensors "$SRC/engine/model/detail/safetensors_header.cpp"

seed fuzz_voc_xml a.xml '<?xml version="1.0"?>\n<annotation><filename>a.jpg</filename><size><width>500</width><height>375</height></size>\n<object><name>dog</name><difficult>0</difficult><bndbox><xmin>1</xmin><ymin>2</ymin><xmax>30</xmax><ymax>40</ymax></bndbox></object>\n<!-- c --><x a="&amp;&#65;"><![CDATA[z]]></x></annotation>\n'
seed fuzz_boxes_csv a.csv 'file,class_index,orig_w,orig_h,x0,y0,x1,y1\nILSVRC2012_val_00000001.JPEG,65,500,375,111,108,441,193\n"a,b.jpg",1,2,3,4,5,6,7\n'
seed fuzz_boxes_csv b.csv 'file,class_index\na.jpg,3\r\n'
seed fuzz_cub_table a.txt '\004 1 60.0 27.0 325.0 304.0\n2 139 30 153 264\n'
seed fuzz_safetensors a.st '\x4b\x00\x00\x00\x00\x00\x00\x00{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"__metadata__":{}}   \x00\x00\x80\x3f\x00\x00\x00\x40'

status=0
for name in fuzz_voc_xml fuzz_boxes_csv fuzz_cub_table fuzz_safetensors; do
    echo "running $name for $RUNS inputs"
    mkdir -p "$OUT/work/$name"
    if ! (cd "$OUT/work/$name" && "$OUT/$name" -runs="$RUNS" -max_len=4096 -seed=1 -print_final_stats=1 \
            "$OUT/work/$name" "$OUT/corpus/$name" > "$OUT/$name.log" 2>&1); then
        echo "FAILED: $name (see $OUT/$name.log)"
        tail -40 "$OUT/$name.log"
        status=1
    else
        grep -E "stat::number_of_executed_units|Done" "$OUT/$name.log" | tail -1
    fi
done
exit $status
