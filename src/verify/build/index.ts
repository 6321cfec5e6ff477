/** The real build check: compile an emitted DragonFly module with DragonFly's own kmod.mk. */
export { buildModule, type BuildOptions, type BuildResult } from './build-module.js';
export type { CompilerDiagnostic, CompilerSeverity } from './compiler-diagnostic.js';
export { parseClangDiagnostics } from './parse-clang-diagnostics.js';
export { findToolchain, type Toolchain, type ToolchainLookup } from './toolchain.js';
export { DRAGONFLY_DIR_ENV, DEFAULT_DRAGONFLY_DIR } from './dragonfly-corpus.js';
export { readElfHeader, isX86_64KernelModule } from './elf-header.js';
export { toProjectDiagnostics, BUILD_CODES } from './to-project-diagnostics.js';
