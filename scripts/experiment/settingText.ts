// One grammar for every setting value written on the runner's command line (--sweep, --set-at): decimal numbers
// only (no 0x10, 0b1, 1_000, Infinity or empty text), whole numbers as digits, booleans as true/false, enums as
// their names; then the config schema's own range.
import { PARAMS } from '../../src/config/params';
import { isParamKey, validateConfig } from '../../src/config/schema';

const DECIMAL = /^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/;
const WHOLE = /^-?[0-9]+$/;

/** The value of `key` from `text`, or an error naming the flag, the setting, the text and the rule it broke. */
export function settingFromText(flag: string, key: string, text: string): number | string | boolean {
  if (!isParamKey(key)) throw new Error(`${flag}: unknown setting "${key}"`);
  const kind: string = PARAMS[key].kind;
  let value: number | string | boolean;
  if (kind === 'enum') value = text;
  else if (kind === 'bool') {
    if (text !== 'true' && text !== 'false') throw new Error(`${flag}: ${key}=${text} must be true or false`);
    value = text === 'true';
  } else {
    const pattern = kind === 'int' ? WHOLE : DECIMAL;
    if (!pattern.test(text)) throw new Error(`${flag}: ${key}=${text} is not a ${kind === 'int' ? 'whole' : 'decimal'} number (write it in decimal digits, like ${kind === 'int' ? '16' : '-1.25'})`);
    value = Number(text);
  }
  const { issues } = validateConfig({ [key]: value });
  if (issues.length > 0) throw new Error(`${flag}: ${key}=${text}: ${issues[0].message}`);
  return value;
}
