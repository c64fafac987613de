import type { Choice } from './channel.js';

/**
 * Choice ids (`tiket:nilai:12:3`) are what a button press or a typed number sends back: short
 * strings a platform echoes verbatim (Telegram caps callback data at 64 bytes). A feature
 * declares its actions and their fields once; encoding and decoding go through that, so no
 * feature packs or splits ids by hand.
 *
 * Format: `prefix:action[:field…]`. An `int` field is a whole number; a `text` field is the rest
 * of the id (so it may contain `:`) and must come last. The action `*` stands for ids whose
 * action segment is itself the value (`faq:lupa-password`): it takes one text field.
 */
export type ChoiceField = 'int' | 'text';
type FieldValue<F extends ChoiceField> = F extends 'int' ? number : string;
export type ChoiceArgs<S extends readonly ChoiceField[]> = { -readonly [K in keyof S]: FieldValue<S[K]> };
export type ChoiceSpec = Record<string, readonly ChoiceField[]>;
export type DecodedChoice<S extends ChoiceSpec> = {
  [A in keyof S & string]: { action: A; args: ChoiceArgs<S[A]> };
}[keyof S & string];

export interface ChoiceCodec<S extends ChoiceSpec> {
  readonly prefix: string;
  /** The id for an action and its fields. Throws when it would not fit a button (a wiring bug). */
  id<A extends keyof S & string>(action: A, ...args: ChoiceArgs<S[A]>): string;
  /** A choice with that id. */
  choice<A extends keyof S & string>(label: string, action: A, ...args: ChoiceArgs<S[A]>): Choice;
  /** The action and fields of the part of an id after `prefix:`; undefined when it is not one of ours. */
  decode(value: string): DecodedChoice<S> | undefined;
}

/** Telegram's limit for callback data. */
export const MAX_CHOICE_ID_BYTES = 64;
const INT = /^-?\d{1,15}$/;

export function choiceCodec<const S extends ChoiceSpec>(prefix: string, spec: S): ChoiceCodec<S> {
  for (const [action, fields] of Object.entries(spec)) {
    if (fields.slice(0, -1).includes('text')) throw new Error(`choice ${prefix}:${action}: a text field must come last`);
    if (action === '*' && (fields.length !== 1 || fields[0] !== 'text'))
      throw new Error(`choice ${prefix}:*: takes exactly one text field`);
  }
  const id = (action: string, ...args: Array<string | number>): string => {
    const fields = spec[action];
    if (!fields || fields.length !== args.length) throw new Error(`choice ${prefix}:${action}: wrong fields`);
    const parts = action === '*' ? [String(args[0])] : [action, ...args.map(String)];
    const out = `${prefix}:${parts.join(':')}`;
    if (Buffer.byteLength(out) > MAX_CHOICE_ID_BYTES) throw new Error(`choice id too long for a button: ${out}`);
    return out;
  };
  return {
    prefix,
    id: id as ChoiceCodec<S>['id'],
    choice: ((label: string, action: string, ...args: Array<string | number>) => ({
      id: id(action, ...args),
      label,
    })) as ChoiceCodec<S>['choice'],
    decode(value) {
      const sep = value.indexOf(':');
      const action = sep < 0 ? value : value.slice(0, sep);
      const fields = action !== '*' ? spec[action] : undefined;
      if (!fields) {
        // An id whose action segment is the value itself (`faq:lupa-password`).
        return spec['*'] && value !== '' ? ({ action: '*', args: [value] } as DecodedChoice<S>) : undefined;
      }
      const rest = sep < 0 ? [] : value.slice(sep + 1).split(':');
      const args: Array<string | number> = [];
      for (const [i, field] of fields.entries()) {
        if (field === 'text') {
          const text = rest.slice(i).join(':');
          if (text === '') return undefined;
          args.push(text);
          return { action, args } as DecodedChoice<S>;
        }
        const raw = rest[i];
        if (raw === undefined || !INT.test(raw)) return undefined;
        args.push(Number(raw));
      }
      return rest.length === fields.length ? ({ action, args } as DecodedChoice<S>) : undefined;
    },
  };
}
