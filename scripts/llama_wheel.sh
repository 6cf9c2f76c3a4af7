#!/usr/bin/env bash
# Print the path of a lean, CPU-only llama_cpp_python wheel, building it once.
#
#   wheel="$(scripts/llama_wheel.sh)" && pip install "$wheel"
#
# Cached in ${ADVISOR_WHEEL_CACHE:-$HOME/.cache/advisor/wheels}. Only the
# wheel path goes to stdout; progress goes to stderr and the full build log to
# $cache/llama_cpp_python-$VERSION.build.log. A flock makes concurrent calls
# wait for one build rather than build twice. Notes: scripts/llama_wheel.md.
set -euo pipefail

VERSION=0.3.36
cache="${ADVISOR_WHEEL_CACHE:-$HOME/.cache/advisor/wheels}"
python="${PYTHON:-python3}"

log() { printf 'llama_wheel: %s\n' "$*" >&2; }

# llama-cpp-python's top CMakeLists forces LLAMA_BUILD_COMMON=ON (CACHE FORCE),
# so -DLLAMA_BUILD_COMMON=OFF is ignored. The Python bindings only load
# libllama/libggml* (and libmtmd, which LLAVA_BUILD=OFF drops), so llama-common
# is dead weight (~50 heavy C++ objects). This file is included right after
# project(llama.cpp), i.e. after that FORCE, and turns it back off.
no_common_cmake='set(LLAMA_BUILD_COMMON OFF CACHE BOOL "llama: build common utils library" FORCE)'

# CPU-only, library-only. See scripts/llama_wheel.md for the why of each flag.
cmake_flags=(
  -DGGML_NATIVE=OFF            # portable x86-64-v3 (AVX2/FMA/F16C/BMI2), no AVX-512 SIGILL risk
  -DGGML_OPENMP=ON             # llama.cpp default; libgomp.so.1 comes with gcc
  -DGGML_BLAS=OFF
  -DGGML_LLAMAFILE=ON          # sgemm kernels, default; faster prompt processing
  -DGGML_CCACHE=OFF
  -DGGML_RPC=OFF
  -DLLAVA_BUILD=OFF            # no libmtmd (multimodal); imported lazily, text models unaffected
  -DLLAMA_BUILD_TESTS=OFF
  -DLLAMA_BUILD_EXAMPLES=OFF
  -DLLAMA_BUILD_TOOLS=OFF
  -DLLAMA_BUILD_SERVER=OFF
  -DLLAMA_BUILD_APP=OFF
  -DLLAMA_OPENSSL=OFF          # only used by llama-common's HTTP client
)
# Strip the comments: CMAKE_ARGS is a flat string.
cmake_args="${cmake_flags[*]}"
# Wheel trimming (scikit-build-core wheel.exclude, gitignore syntax, ';'-separated).
# llama.cpp's own install() rules add a second copy of every library under
# site-packages/lib/ plus headers, cmake and pkg-config files under
# site-packages/{include,lib}/; the bindings only use llama_cpp/lib/. Zip has
# no symlinks, so each library is also stored 3 times (libX.so, libX.so.0,
# libX.so.0.N.M): ctypes opens libX.so, the dynamic linker wants the SONAME
# libX.so.0, nothing uses the fully versioned name.
wheel_exclude='/lib/;/include/;*.so.*.*'
stamp_text="llama-cpp-python==$VERSION CMAKE_ARGS=$cmake_args NO_COMMON=$no_common_cmake EXCLUDE=$wheel_exclude"

mkdir -p "$cache"
stamp="$cache/llama_cpp_python-$VERSION.flags"

cached_wheel() {
  local w
  for w in "$cache"/llama_cpp_python-"$VERSION"-*.whl; do
    if [[ -f "$w" && -f "$stamp" && "$(cat "$stamp")" == "$stamp_text" ]]; then
      printf '%s\n' "$w"
      return 0
    fi
  done
  return 1
}

# Fast path without the lock.
if w="$(cached_wheel)"; then
  log "cached: $w"
  printf '%s\n' "$w"
  exit 0
fi

exec 9>"$cache/.llama_cpp_python-$VERSION.lock"
if ! flock -n 9; then
  log "another build holds $cache/.llama_cpp_python-$VERSION.lock; waiting"
  flock 9
fi

# Someone may have finished the build while we waited.
if w="$(cached_wheel)"; then
  log "cached: $w"
  printf '%s\n' "$w"
  exit 0
fi

tmp="$(mktemp -d "$cache/.build.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
printf '%s\n' "$no_common_cmake" >"$tmp/no-common.cmake"
buildlog="$cache/llama_cpp_python-$VERSION.build.log"

log "building llama-cpp-python==$VERSION from source (a few minutes on 2 cores)"
log "CMAKE_ARGS=$cmake_args"
log "full log: $buildlog"
start=$SECONDS
# --no-binary: never take a prebuilt wheel from an index or find-links.
# --no-cache-dir: pip's own wheel cache is keyed by the sdist, not by
# CMAKE_ARGS, so it could hand back a wheel built with other flags.
if ! CMAKE_ARGS="$cmake_args -DCMAKE_PROJECT_llama.cpp_INCLUDE=$tmp/no-common.cmake" \
     CMAKE_BUILD_PARALLEL_LEVEL=2 SKBUILD_WHEEL_EXCLUDE="$wheel_exclude" \
     "$python" -m pip wheel --no-deps --no-cache-dir --no-binary llama-cpp-python \
       -v "llama-cpp-python==$VERSION" -w "$tmp/out" >"$buildlog" 2>&1; then
  log "build FAILED after $((SECONDS - start))s; last lines of $buildlog:"
  tail -n 40 "$buildlog" >&2
  exit 1
fi

built=("$tmp"/out/llama_cpp_python-"$VERSION"-*.whl)
if [[ ! -f "${built[0]}" ]]; then
  log "pip reported success but left no wheel in $tmp/out"
  exit 1
fi
# Drop wheels from an older flag set, then publish atomically (same filesystem).
rm -f "$cache"/llama_cpp_python-"$VERSION"-*.whl
dest="$cache/$(basename "${built[0]}")"
mv -f "${built[0]}" "$dest"
printf '%s\n' "$stamp_text" >"$stamp"
log "built in $((SECONDS - start))s: $dest ($(du -h "$dest" | cut -f1))"
printf '%s\n' "$dest"
