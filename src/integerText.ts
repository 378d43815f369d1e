import { z } from 'zod';

/** A zod schema of decimal digits read as an integer from `min` to `max`, failing with the range in its message. */
export function integerText(min: number, max: number) {
  // Digits only: Number() alone would take '1e3', '0x10' and ' 80 '.
  return z
    .string()
    .refine((raw) => /^\d+$/.test(raw) && Number(raw) >= min && Number(raw) <= max, `must be an integer from ${min} to ${max}`)
    .transform(Number);
}

/** `raw` as an integer from `min` to `max`; otherwise throws a RangeError whose message starts with `name`. */
export function parseInteger(name: string, raw: string, min: number, max: number): number {
  const parsed = integerText(min, max).safeParse(raw);
  if (!parsed.success) throw new RangeError(`${name} ${parsed.error.issues[0]!.message}`);
  return parsed.data;
}
