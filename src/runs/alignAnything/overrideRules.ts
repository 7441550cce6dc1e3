/**
 * align-anything's config-override rules, replayed in TypeScript so that tests can prove where each exported
 * override lands (behaviour read from align_anything/utils/tools.py and the trainers' main() at the commit named
 * in upstreamConfigs.ts; this is a re-statement of the documented behaviour, not upstream code):
 *
 * 1. The trainer reads only its packaged YAML, then takes the command line after the launcher's first argument
 *    (`--local_rank=N`, which the `deepspeed` launcher always passes) as strict pairs: keys are argv[1], argv[3], …
 *    with their first two characters cut off, values are argv[2], argv[4], …; a repeated key keeps its last value.
 * 2. Each value is coerced: 'True'/'False' → bool; all digits → int; anything Python's float() accepts → float
 *    (so '-1' is a float and '1' an int); '[a,b]' or 'a,b' → a list of the non-empty STRINGS; else the string.
 * 3. The key's '-' become '_' and ':' nests it ('a:b' → {a: {b: value}}).
 * 4. The nested dict is merged by leaf NAME: every key of the config, at any depth, whose name equals the
 *    override's top key is replaced whole. So `--kl_coeff 0.05` changes train_cfgs.kl_coeff (and any other key
 *    named kl_coeff), `--train_cfgs:kl_coeff 0.05` replaces the whole train_cfgs section with {kl_coeff: 0.05},
 *    and `--train_cfgs.kl_coeff 0.05` matches no key and changes nothing.
 */

export type CfgValue = null | boolean | number | string | CfgValue[] | CfgTree;
export interface CfgTree {
  [key: string]: CfgValue;
}

export type PyType = 'bool' | 'int' | 'float' | 'list' | 'str';

export interface Coerced {
  type: PyType;
  value: CfgValue;
}

/** Python's str.isdigit() on ASCII text: non-empty and every character 0-9. */
function isDigits(text: string): boolean {
  return /^[0-9]+$/.test(text);
}

/** What Python's float() accepts: optional whitespace, sign, digits with single '_' separators, inf/nan. */
export function pythonFloat(text: string): number | null {
  const t = text.trim();
  if (/^[+-]?(inf|infinity)$/i.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  if (/^[+-]?nan$/i.test(t)) return NaN;
  const digits = '[0-9](?:_?[0-9])*';
  const pattern = new RegExp(`^[+-]?(?:${digits}(?:\\.(?:${digits})?)?|\\.${digits})(?:[eE][+-]?${digits})?$`);
  return pattern.test(t) ? Number(t.replace(/_/g, '')) : null;
}

/** Rule 2: the type and value a command-line string becomes. */
export function coerceCliValue(text: string): Coerced {
  if (text === 'True') return { type: 'bool', value: true };
  if (text === 'False') return { type: 'bool', value: false };
  if (isDigits(text)) return { type: 'int', value: Number(text) };
  const asFloat = pythonFloat(text);
  if (asFloat !== null) return { type: 'float', value: asFloat };
  if (text.startsWith('[') && text.endsWith(']')) {
    return { type: 'list', value: text.slice(1, -1).split(',').filter(Boolean) };
  }
  if (text.includes(',')) return { type: 'list', value: text.split(',').filter(Boolean) };
  return { type: 'str', value: text };
}

/** Rule 3: '--a-b:c value' (key without its dashes) → {a_b: {c: value}}. */
export function cliKeyToDict(key: string, value: CfgValue): CfgTree {
  const parts = key.replace(/-/g, '_').split(':');
  let tree: CfgTree = { [parts[parts.length - 1]]: value };
  for (const part of parts.slice(0, -1).reverse()) tree = { [part]: tree };
  return tree;
}

const isTree = (value: CfgValue | undefined): value is CfgTree =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Rule 4, in place: every key named like one of `item`'s top keys, at any depth, takes that value whole. */
export function updateDict(total: CfgTree, item: CfgTree): CfgTree {
  for (const [key, value] of Object.entries(total)) {
    if (Object.hasOwn(item, key)) total[key] = item[key];
    // Upstream recurses into the value it saw before the replacement (a replaced section is gone anyway).
    if (isTree(value)) updateDict(value, item);
  }
  return total;
}

/** Rule 1: the (key, value) pairs a trainer reads from its argv (argv[0] is the launcher's --local_rank). */
export function trainerArgPairs(argv: readonly string[]): [string, string][] {
  const keys = argv.filter((_, i) => i >= 1 && i % 2 === 1).map((k) => k.slice(2));
  const values = argv.filter((_, i) => i >= 2 && i % 2 === 0);
  const pairs = new Map<string, string>();
  keys.forEach((key, i) => {
    if (i < values.length) pairs.set(key, values[i]);
  });
  return [...pairs];
}

/** The config a trainer ends up with: its packaged defaults with `argv` (as the trainer sees it) applied. */
export function applyCliOverrides(defaults: CfgTree, argv: readonly string[]): CfgTree {
  let config = structuredClone(defaults);
  for (const [key, text] of trainerArgPairs(argv)) config = updateDict(config, cliKeyToDict(key, coerceCliValue(text).value));
  return config;
}

/** Every path (section, …, leaf) in `tree` whose last name is `name`: where a flat override `--name v` lands. */
export function pathsNamed(tree: CfgTree, name: string, prefix: string[] = []): string[][] {
  const found: string[][] = [];
  for (const [key, value] of Object.entries(tree)) {
    if (key === name) found.push([...prefix, key]);
    if (isTree(value)) found.push(...pathsNamed(value, name, [...prefix, key]));
  }
  return found;
}

/** Every leaf path of a config tree ("train_cfgs.kl_coeff"); sections themselves are not leaves. */
export function leafPaths(tree: CfgTree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    isTree(value) && Object.keys(value).length > 0 ? leafPaths(value, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

/**
 * Splits a shell command line into words the way bash does for the simple lines the export writes: whitespace,
 * backslash-newline continuations, single and double quotes, and `${NAME}` / `$NAME` from `variables`.
 */
export function shellWords(line: string, variables: Record<string, string> = {}): string[] {
  const words: string[] = [];
  let word: string | null = null;
  const text = line.replace(/\\\n/g, ' ');
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (/\s/.test(ch)) {
      if (word !== null) words.push(word);
      word = null;
    } else if (ch === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unterminated ' in ${JSON.stringify(line)}`);
      word = (word ?? '') + text.slice(i + 1, end);
      i = end;
    } else if (ch === '"') {
      const end = text.indexOf('"', i + 1);
      if (end < 0) throw new Error(`unterminated " in ${JSON.stringify(line)}`);
      word = (word ?? '') + expand(text.slice(i + 1, end), variables);
      i = end;
    } else {
      const match = /^\$\{(\w+)\}|^\$(\w+)/.exec(text.slice(i));
      if (match) {
        word = (word ?? '') + expand(match[0], variables);
        i += match[0].length - 1;
      } else word = (word ?? '') + ch;
    }
  }
  if (word !== null) words.push(word);
  return words;
}

function expand(text: string, variables: Record<string, string>): string {
  return text.replace(/\$\{(\w+)\}|\$(\w+)/g, (_, a: string | undefined, b: string | undefined) => {
    const name = (a ?? b)!;
    if (!Object.hasOwn(variables, name)) throw new Error(`undefined shell variable ${name}`);
    return variables[name];
  });
}
