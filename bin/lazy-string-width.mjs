// Bundled in place of string-width where yargs imports it (see cli-bundle.mjs). string-width
// compiles a \p{RGI_Emoji} regular expression when its module loads (~20 ms of every start),
// though only a help text or a usage error ever measures a string. esbuild bundles a require()d
// ES module behind an initializer that runs on the first require, so the real module loads on
// first use.
let real;
export default function stringWidth(text, options) {
  real ??= require('string-width').default;
  return real(text, options);
}
