import { readYamlData } from '../files/yaml-data.js';

/** The macro shapes declared in rules/macro-shapes.yml (see the comments there). */
export interface MacroShapes {
  foreach: Set<string>;
  anonymousType: Set<string>;
  fileScopeCall: Set<string>;
  /** Macros whose last argument is a type, like mtod(m, struct ip *). */
  typeArgument: Set<string>;
}

export function loadMacroShapes(file: string): MacroShapes {
  const data = readYamlData(file) as Record<string, unknown>;
  const list = (key: string): Set<string> => {
    const v = data[key];
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string'))
      throw new Error(`${file}: '${key}' must be a list of macro names`);
    return new Set(v as string[]);
  };
  return {
    foreach: list('foreach'),
    anonymousType: list('anonymous-type'),
    fileScopeCall: list('file-scope-call'),
    typeArgument: data['type-argument'] === undefined ? new Set() : list('type-argument'),
  };
}
