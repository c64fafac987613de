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
  handle(ctx: DeskContext, state: S): OutboundMessage[];
  /** What the user is told when this dialog lapsed unfinished. */
  lapsedNotice?: string;
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
  /** Replaces (or with undefined ends) the chat's dialog; persisted with the rest of the change. */
  setFlow(state: FlowState | undefined): void;
  /**
   * Work too slow for the message's own transaction (a year's report): the desk runs `job` after
   * that transaction commits and queues what it returns; a job that throws gets the user an
   * apology. Absent outside the desk: a handler then runs the job itself.
   */
  defer?(job: DeferredJob): void;
}

/** Runs outside any inbound transaction; returns the messages it has to send. */
export type DeferredJob = () => OutboundMessage[];

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
  /** Items this feature adds to the main menu. */
  menu?: Choice[];
  /**
   * A message recorded without an answer (it waited too long in the platform's offline queue):
   * what this feature makes of it, for someone other than the sender (staff).
   */
  recordOnly?: (ctx: DeskContext) => OutboundMessage[];
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
  /** What to tell a user whose dialog lapsed: its feature's words, or a general notice. */
  lapsedNotice(flow: FlowState): string;
  /** A saved dialog state checked against its flow's schema; undefined when it no longer fits. */
  parseFlow(raw: unknown): FlowState | undefined;
}

const menuChoice = choiceCodec('menu', { ask: [] });

/** The built-in feature: the greeting menu and its "ask a question" item. */
function menuFeature(showMenu: (ctx: DeskContext) => OutboundMessage): Feature {
  const menu: CommandHandler = (ctx) => [showMenu(ctx)];
  return {
    name: 'menu',
    commands: { start: menu, menu, bantuan: menu, help: menu },
    choices: choiceHandler(menuChoice, (ctx) => [reply(ctx, texts.menu.askHint)]),
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
  const all = [menuFeature(showMenu), ...features];

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
  const named = z.object({ name: z.string() });

  function route(ctx: DeskContext): OutboundMessage[] {
    const { msg } = ctx;
    if (msg.recordOnly) return all.flatMap((f) => f.recordOnly?.(ctx) ?? []);
    if (msg.choice !== undefined) {
      const sep = msg.choice.indexOf(':');
      const handler = choices.get(sep < 0 ? msg.choice : msg.choice.slice(0, sep));
      if (!handler) return [reply(ctx, texts.errors.choiceExpired)];
      return handler(ctx, sep < 0 ? '' : msg.choice.slice(sep + 1));
    }
    const command = parseCommand(msg.text);
    if (command) {
      const handler = commands.get(command.name);
      return handler ? handler(ctx, command.args) : [reply(ctx, texts.errors.unknownCommand(`/${command.name}`))];
    }
    if (ctx.flow) {
      const flow = flows.get(ctx.flow.name);
      if (flow) return flow.handle(ctx, ctx.flow);
      // A flow whose feature is gone (renamed in an upgrade): drop it rather than trap the chat.
      ctx.setFlow(undefined);
    }
    if (msg.text.trim() === '' && msg.attachments.length === 0) return [reply(ctx, texts.errors.emptyMessage)];
    for (const handler of textHandlers) {
      const out = handler(ctx);
      if (out) return out;
    }
    return [showMenu(ctx)];
  }

  return {
    route,
    menu: showMenu,
    lapsedNotice: (flow) => flows.get(flow.name)?.lapsedNotice ?? texts.errors.flowExpired,
    parseFlow(raw) {
      const name = named.safeParse(raw);
      const flow = name.success ? flows.get(name.data.name) : undefined;
      const parsed = flow?.schema.safeParse(raw);
      return parsed?.success ? parsed.data : undefined;
    },
  };
}
