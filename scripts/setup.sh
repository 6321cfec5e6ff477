#!/usr/bin/env bash
# One-shot set-up of a fresh Debian machine (run as root from anywhere in the checkout):
#   1. the toolchain that builds DragonFly kernel modules on Linux (clang-19, lld-19, bmake;
#      see ../shared/corpus/README.md for why these three are enough),
#   2. the project's npm dependencies, exactly as locked,
#   3. the NetBSD input sources, copied from the read-only corpus into the git-ignored
#      NetBSD_code/sys/ and checked against NetBSD_code/manifest.json,
#   4. chromium, which the review page's browser test drives headless (test/review/),
#   5. qemu-system-x86, whose virtio devices `verify --device qemu` drives (src/verify/qemu/).
# Re-running it is cheap: apt is skipped when the tools are already there, and sync-inputs
# leaves identical files untouched.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

log() { printf 'setup: %s\n' "$*"; }

missing=()
for tool in clang-19 lld-19 bmake chromium spatch qemu-system-x86_64; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
# the verify harnesses link clang's ASan/UBSan runtime (libclang-rt-19-dev, only a recommendation of clang-19)
[[ -e /usr/lib/llvm-19/lib/clang/19/lib/linux/libclang_rt.asan-x86_64.a || -d /usr/lib/llvm-19/lib/clang/19/lib/x86_64-pc-linux-gnu ]] || missing+=(libclang-rt-19-dev)
if ((${#missing[@]} == 0)); then
  log "clang-19, lld-19, bmake, chromium, spatch and qemu already installed; skipping apt"
else
  if [[ $(id -u) -ne 0 ]]; then
    log "missing ${missing[*]}; installing them needs root (re-run as root, or apt-get install clang-19 libclang-rt-19-dev lld-19 bmake chromium coccinelle time qemu-system-x86)" >&2
    exit 1
  fi
  log "installing clang-19 lld-19 bmake chromium coccinelle time qemu-system-x86 (missing: ${missing[*]})"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  # coccinelle (spatch) and GNU time: the peer and the peak-RSS probe of `npm run bench`
  apt-get install -y clang-19 libclang-rt-19-dev lld-19 bmake chromium coccinelle time qemu-system-x86
fi

if ! command -v node >/dev/null 2>&1 || ! node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)'; then
  log "Node.js >= 20 is required (found: $(node --version 2>/dev/null || echo none))" >&2
  exit 1
fi

log "npm ci"
npm ci

log "syncing NetBSD inputs into NetBSD_code/"
node bin/port-virtio.mjs sync-inputs

log "done"
