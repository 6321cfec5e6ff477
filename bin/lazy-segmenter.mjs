// Bundled in place of Intl.Segmenter (see cli-bundle.mjs). Three copies of string-width in yargs'
// help renderer each build an Intl.Segmenter when their module loads: ICU's word-break data made
// that ~25 ms of every start, though only a help text or a usage error ever measures a string.
// This one builds the real segmenter on first use.
export class LazySegmenter {
  #args;
  #real;
  constructor(...args) {
    this.#args = args;
  }
  segment(text) {
    this.#real ??= new globalThis.Intl.Segmenter(...this.#args);
    return this.#real.segment(text);
  }
  resolvedOptions() {
    this.#real ??= new globalThis.Intl.Segmenter(...this.#args);
    return this.#real.resolvedOptions();
  }
}
