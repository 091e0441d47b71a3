#!/usr/bin/env bash
# The Qt/Torch boundary (ARCHITECTURE.md): engine/ includes no Qt; public engine headers (outside
# detail/) include no Torch, OpenCV or XGBoost; widgets/ and app/ include no Torch.
set -u
root=${1:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$root" || exit 1
fail=0
qt=$(grep -rnE '#include *[<"](Q[A-Za-z]+|qcustomplot\.h|Qt[A-Za-z]+/)' engine --include='*.h' --include='*.cpp' || true)
if [ -n "$qt" ]; then echo "engine/ includes Qt:"; echo "$qt"; fail=1; fi
pub=$(find engine -name '*.h' -not -path '*/detail/*' -print0 | xargs -0 grep -nE '#include *[<"](torch/|ATen/|c10/|opencv2/|xgboost/)' || true)
if [ -n "$pub" ]; then echo "public engine headers include Torch/OpenCV/XGBoost:"; echo "$pub"; fail=1; fi
pubDetail=$(find engine -name '*.h' -not -path '*/detail/*' -print0 | xargs -0 grep -nE '#include *[<"][a-z_/]*detail/' || true)
if [ -n "$pubDetail" ]; then echo "public engine headers include private detail/ headers:"; echo "$pubDetail"; fail=1; fi
tw=$(grep -rnE '#include *[<"](torch/|ATen/|c10/|opencv2/|xgboost/|[a-z_/]*detail/)' widgets app 2>/dev/null || true)
if [ -n "$tw" ]; then echo "widgets/ or app/ include Torch/OpenCV/XGBoost or engine internals:"; echo "$tw"; fail=1; fi
if [ $fail -eq 0 ]; then echo "layering: 1 passed, 0 failed"; else echo "layering: 0 passed, 1 failed"; fi
exit $fail
