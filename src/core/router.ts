import { z } from 'zod';
import { texts } from './catalogue.js';
import type { Choice, InboundMessage, OutboundMessage } from './channel.js';
import { choiceCodec, type ChoiceCodec, type ChoiceSpec, type DecodedChoice } from './choice-id.js';
import type { Contact } from './contact.js';

/** A multi-step dialog in progress for one chat; each flow owns the rest of its shape. */
export interface FlowState {
  name: string;
  [key: string]: unknown;
}

/**
 * A flow: the zod schema of its saved state (checked every time it is read back, so a state
 * written by an older version that no longer fits is dropped, never trusted) and its handler.
 */
export interface FlowDefinition<S extends FlowState = FlowState> {
  schema: z.ZodType<S>;
  /** Null: the message is not for this dialog after all; it goes on as free text (the flow may end itself first). */
  handle(ctx: DeskContext, state: S): OutboundMessage[] | null;
  /** What the user is told when this dialog lapsed unfinished; null: it lapses silently. */
  lapsedNotice?: string | null;
  /**
   * A dialog that only waits for the next plain message (a comment after a rating): a command or a
   * button ends it before it is handled, so it never outlives what the user did next.
   */
  passive?: boolean;
}

/** Keeps a flow's state type tied to its handler. */
export function defineFlow<S extends FlowState>(flow: FlowDefinition<S>): FlowDefinition {
  return flow as unknown as FlowDefinition;
}

/** The feature's choice handler for its codec: ids that do not decode are answered as expired. */
export function choiceHandler<S extends ChoiceSpec>(
  codec: ChoiceCodec<S>,
  handle: (ctx: DeskContext, choice: DecodedChoice<S>) => OutboundMessage[],
): Record<string, ChoiceHandler> {
  return {
    [codec.prefix]: (ctx, value) => {
      const choice = codec.decode(value);
      return choice ? handle(ctx, choice) : [reply(ctx, texts.errors.choiceExpired)];
    },
  };
}

export interface DeskContext {
  msg: InboundMessage;
  contact: Contact;
  now: Date;
  flow: FlowState | undefined;
  /** When the chat's dialog last moved a step (undefined without one): what the user did most recently. */
  flowSince?: Date | undefined;
  /** Replaces (or with undefined ends) the chat's dialog; persisted with the rest of the change. */
  setFlow(state: FlowState | undefined): void;
  /**
   * Work too slow for the message's own transaction (a year's report): the desk runs `job` after
   * that transaction commits and queues what it returns; a job that throws gets the user an
   * apology. Absent outside the desk: a handler then runs the job itself.
   */
  defer?(job: DeferredJob): void;
}

/**
 * Runs outside any inbound transaction; returns the messages it has to send, or a promise of them
 * for work that waits off the event loop (a picture rendered on a worker thread).
 */
export type DeferredJob = () => OutboundMessage[] | Promise<OutboundMessage[]>;

export type CommandHandler = (ctx: DeskContext, args: string) => OutboundMessage[];
/** Gets the part of the choice id after its `prefix:`. */
export type ChoiceHandler = (ctx: DeskContext, value: string) => OutboundMessage[];
/** Returns null when the message is not for it, so the next handler gets a turn. */
export type TextHandler = (ctx: DeskContext) => OutboundMessage[] | null;

/**
 * A slice of the desk's behaviour (menu, FAQ, tickets, staff). The router knows only these
 * seams, so adding a feature never means editing the router.
 */
export interface Feature {
  name: string;
  /** Keyed by command name without the slash, lower case; aliases are separate keys. */
  commands?: Record<string, CommandHandler>;
  /** Keyed by the prefix of the choice id (`faq` for `faq:lupa-password`). */
  choices?: Record<string, ChoiceHandler>;
  /** Keyed by FlowState.name: gets every non-command message while that flow is active. */
  flows?: Record<string, FlowDefinition>;
  /** Free text outside any flow, tried in feature order. */
  text?: TextHandler;
  /**
   * Plain messages claimed ahead of the chat's dialog and every text handler (a conversation with
   * staff the user is in); null when this message is not claimed.
   */
  claim?: TextHandler;
  /**
   * The user asked to talk to the bot (the menu's "Tanya" item): a feature that holds the chat's
   * plain messages (a conversation with staff) lets go of them.
   */
  askingBot?: (ctx: DeskContext) => void;
  /** Items this feature adds to the main menu. */
  menu?: Choice[];
  /**
   * A message recorded without an answer (it waited too long in the platform's offline queue):
   * what this feature makes of it, for someone other than the sender (staff).
   */
  recordOnly?: (ctx: DeskContext) => OutboundMessage[];
  /** `/bantuan` and `/help`: this feature's own help for this sender (staff get theirs), or null for the menu. */
  help?: (ctx: DeskContext) => OutboundMessage[] | null;
}

export interface ParsedCommand {
  name: string;
  args: string;
}

/** `/Tiket@PbjBot  layar putih` → { name: 'tiket', args: 'layar putih' }. */
export function parseCommand(text: string): ParsedCommand | undefined {
  const m = /^\/([A-Za-z_]+)(?:@\w+)?(?:\s+([\s\S]*))?$/.exec(text.trim());
  if (!m?.[1]) return undefined;
  return { name: m[1].toLowerCase(), args: (m[2] ?? '').trim() };
}

export function reply(ctx: DeskContext, text: string, choices?: Choice[]): OutboundMessage {
  return {
    channel: ctx.msg.channel,
    chatId: ctx.msg.chatId,
    text,
    ...(choices && choices.length > 0 ? { choices } : {}),
  };
}

export interface Router {
  route(ctx: DeskContext): OutboundMessage[];
  menu(ctx: DeskContext): OutboundMessage;
  /** What to tell a user whose dialog lapsed: its feature's words, a general notice, or nothing. */
  lapsedNotice(flow: FlowState): string | undefined;
  /** A saved dialog state checked against its flow's schema; undefined when it no longer fits. */
  parseFlow(raw: unknown): FlowState | undefined;
  /** Whether the dialog only waits for the next plain message (FlowDefinition.passive). */
  isPassive(flow: FlowState): boolean;
}

const menuChoice = choiceCodec('menu', { ask: [] });

/** The built-in feature: the greeting menu and its "ask a question" item. */
function menuFeature(
  showMenu: (ctx: DeskContext) => OutboundMessage,
  features: readonly Feature[],
  askingBot: (ctx: DeskContext) => void,
): Feature {
  const menu: CommandHandler = (ctx) => [showMenu(ctx)];
  const help: CommandHandler = (ctx) => {
    for (const f of features) {
      const out = f.help?.(ctx);
      if (out) return out;
    }
    return [showMenu(ctx)];
  };
  return {
    name: 'menu',
    commands: { start: menu, menu, bantuan: help, help },
    choices: choiceHandler(menuChoice, (ctx) => {
      askingBot(ctx);
      return [reply(ctx, texts.menu.askHint)];
    }),
    menu: [menuChoice.choice(texts.menu.ask, 'ask')],
  };
}

export function createRouter(features: Feature[]): Router {
  const showMenu = (ctx: DeskContext): OutboundMessage =>
    reply(
      ctx,
      texts.menu.intro,
      all.flatMap((f) => f.menu ?? []),
    );
  const all = [menuFeature(showMenu, features, (ctx) => features.forEach((f) => f.askingBot?.(ctx))), ...features];

  const commands = new Map<string, CommandHandler>();
  const choices = new Map<string, ChoiceHandler>();
  const flows = new Map<string, FlowDefinition>();
  // Two features claiming one name is a wiring bug: fail at start, not with a wrong answer later.
  const register = <H>(map: Map<string, H>, kind: string, feature: string, entries: Record<string, H> | undefined) => {
    for (const [k, h] of Object.entries(entries ?? {})) {
      if (map.has(k)) throw new Error(`${kind} "${k}" of feature ${feature} is already registered`);
      map.set(k, h);
    }
  };
  for (const f of all) {
    register(commands, 'command', f.name, f.commands);
    register(choices, 'choice prefix', f.name, f.choices);
    register(flows, 'flow', f.name, f.flows);
  }
  const textHandlers = all.flatMap((f) => (f.text ? [f.text] : []));
  const claims = all.flatMap((f) => (f.claim ? [f.claim] : []));
  const first = (handlers: TextHandler[], ctx: DeskContext) => {
    for (const handler of handlers) {
      const out = handler(ctx);
      if (out) return out;
    }
    return null;
  };
  /** A passive dialog ends at the user's next command or button (see FlowDefinition.passive). */
  const endPassive = (ctx: DeskContext) => {
    if (ctx.flow && flows.get(ctx.flow.name)?.passive) ctx.setFlow(undefined);
  };
  const named = z.object({ name: z.string() });

  function route(ctx: DeskContext): OutboundMessage[] {
    const { msg } = ctx;
    if (msg.recordOnly) return all.flatMap((f) => f.recordOnly?.(ctx) ?? []);
    if (msg.choice !== undefined) {
      endPassive(ctx);
      const sep = msg.choice.indexOf(':');
      const handler = choices.get(sep < 0 ? msg.choice : msg.choice.slice(0, sep));
      if (!handler) return [reply(ctx, texts.errors.choiceExpired)];
      return handler(ctx, sep < 0 ? '' : msg.choice.slice(sep + 1));
    }
    const command = parseCommand(msg.text);
    if (command) {
      endPassive(ctx);
      const handler = commands.get(command.name);
      return handler ? handler(ctx, command.args) : [reply(ctx, texts.errors.unknownCommand(`/${command.name}`))];
    }
    const claimed = first(claims, ctx);
    if (claimed) return claimed;
    if (ctx.flow) {
      const flow = flows.get(ctx.flow.name);
      const out = flow ? flow.handle(ctx, ctx.flow) : null;
      if (out) return out;
      // A flow whose feature is gone (renamed in an upgrade): drop it rather than trap the chat.
      if (!flow) ctx.setFlow(undefined);
    }
    if (msg.text.trim() === '' && msg.attachments.length === 0) return [reply(ctx, texts.errors.emptyMessage)];
    return first(textHandlers, ctx) ?? [showMenu(ctx)];
  }

  return {
    route,
    menu: showMenu,
    lapsedNotice: (flow) => {
      const notice = flows.get(flow.name)?.lapsedNotice;
      return notice === null ? undefined : (notice ?? texts.errors.flowExpired);
    },
    isPassive: (flow) => flows.get(flow.name)?.passive === true,
    parseFlow(raw) {
      const name = named.safeParse(raw);
      const flow = name.success ? flows.get(name.data.name) : undefined;
      const parsed = flow?.schema.safeParse(raw);
      return parsed?.success ? parsed.data : undefined;
    },
  };
}
