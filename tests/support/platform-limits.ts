// What Slack and Teams accept, checked on what Baton actually sent them (the fakes' records),
// independently of Baton's own limits tables: a message Slack or Teams would refuse, or one that
// would ping a channel or mention someone because of what a person typed, is a problem here.
// Figures: PLATFORM.md (Block Kit limits; Teams card size; mention rules).

const BLOCKS = { message: 50, modal: 100, home: 100 } as const;

type Any = Record<string, any>;

const len = (x: unknown) => (typeof x === 'string' ? x.length : 0);

/** Every string inside a value (texts of blocks, cards, fallbacks…). */
export function strings(x: unknown, out: string[] = []): string[] {
  if (typeof x === 'string') out.push(x);
  else if (Array.isArray(x)) for (const v of x) strings(v, out);
  else if (x && typeof x === 'object') for (const v of Object.values(x)) strings(v, out);
  return out;
}

function textOf(o: Any | undefined): string | undefined {
  return o && typeof o === 'object' ? o.text : undefined;
}

function checkElement(e: Any, where: string, out: string[]): void {
  if (len(e.action_id) > 255) out.push(`${where}: action_id over 255`);
  if (e.type === 'button') {
    if (len(textOf(e.text)) > 75) out.push(`${where}: button text over 75`);
    if (len(e.value) > 2000) out.push(`${where}: button value over 2,000`);
  }
  if (e.type === 'plain_text_input') {
    if (len(e.initial_value) > 3000) out.push(`${where}: initial_value over 3,000`);
    if (typeof e.max_length === 'number' && e.max_length > 3000) out.push(`${where}: max_length over 3,000`);
    if (len(textOf(e.placeholder)) > 150) out.push(`${where}: placeholder over 150`);
  }
  if (e.type === 'static_select') {
    const options = (e.options ?? []) as Any[];
    if (options.length > 100) out.push(`${where}: over 100 options`);
    if (options.length === 0) out.push(`${where}: a select without options`);
    for (const o of options) {
      if (len(textOf(o.text)) > 75) out.push(`${where}: option text over 75`);
      if (len(o.value) > 150) out.push(`${where}: option value over 150`);
    }
  }
}

/** Block Kit limits on a list of blocks for one surface. */
export function blockKitProblems(blocks: unknown, surface: keyof typeof BLOCKS, where: string): string[] {
  const out: string[] = [];
  if (blocks === undefined) return out;
  if (!Array.isArray(blocks)) return [`${where}: blocks is not a list`];
  if (blocks.length > BLOCKS[surface]) out.push(`${where}: ${blocks.length} blocks (at most ${BLOCKS[surface]})`);
  if (surface === 'message' && JSON.stringify(blocks).length > 13_000) out.push(`${where}: blocks over ~13k characters (msg_blocks_too_long)`);
  blocks.forEach((b: Any, i) => {
    const at = `${where} block ${i} (${b?.type})`;
    if (len(b.block_id) > 255) out.push(`${at}: block_id over 255`);
    switch (b.type) {
      case 'section': {
        if (!b.text && !b.fields) out.push(`${at}: a section without text or fields`);
        if (len(textOf(b.text)) > 3000) out.push(`${at}: text over 3,000`);
        if (b.text && len(textOf(b.text)) === 0) out.push(`${at}: empty text`);
        const fields = (b.fields ?? []) as Any[];
        if (fields.length > 10) out.push(`${at}: over 10 fields`);
        for (const f of fields) if (len(textOf(f)) > 2000) out.push(`${at}: field over 2,000`);
        break;
      }
      case 'header':
        if (len(textOf(b.text)) > 150) out.push(`${at}: header over 150`);
        break;
      case 'context': {
        const els = (b.elements ?? []) as Any[];
        if (els.length > 10 || els.length === 0) out.push(`${at}: ${els.length} context elements`);
        for (const e of els) if (len(textOf(e)) > 3000) out.push(`${at}: context text over 3,000`);
        break;
      }
      case 'actions': {
        const els = (b.elements ?? []) as Any[];
        if (els.length > 25 || els.length === 0) out.push(`${at}: ${els.length} action elements`);
        for (const e of els) checkElement(e, at, out);
        break;
      }
      case 'input':
        if (len(textOf(b.label)) > 2000) out.push(`${at}: label over 2,000`);
        if (len(textOf(b.hint)) > 2000) out.push(`${at}: hint over 2,000`);
        if (b.element) checkElement(b.element, at, out);
        break;
      case 'divider':
        break;
      default:
        out.push(`${at}: a block type Baton does not use`);
    }
  });
  return out;
}

/** A message's top-level fields (chat.postMessage / postEphemeral / update / response_url). */
export function slackMessageProblems(args: Any, where: string): string[] {
  const out = blockKitProblems(args.blocks, 'message', where);
  if (len(args.text) > 40_000) out.push(`${where}: text over 40,000`);
  if (!args.text && !(Array.isArray(args.blocks) && args.blocks.length)) out.push(`${where}: neither text nor blocks`);
  if (args.link_names || args.parse === 'full') out.push(`${where}: asks Slack to parse names`);
  return out;
}

/** A modal or App Home view (views.open / views.publish). */
export function slackViewProblems(view: Any, where: string): string[] {
  const out = blockKitProblems(view?.blocks, view?.type === 'home' ? 'home' : 'modal', where);
  if (view?.type === 'modal') {
    for (const k of ['title', 'submit', 'close'] as const) if (len(textOf(view[k])) > 24) out.push(`${where}: ${k} over 24`);
    if (len(view.private_metadata) > 3000) out.push(`${where}: private_metadata over 3,000`);
    if (len(view.callback_id) > 255) out.push(`${where}: callback_id over 255`);
  }
  return out;
}

/**
 * The texts Slack reads markup in: a message's top-level `text` and every mrkdwn object.
 * (plain_text objects and input values are shown as typed: `<!channel>` there pings no one.)
 */
export function parsedBySlack(x: unknown, top = true, out: string[] = []): string[] {
  if (Array.isArray(x)) for (const v of x) parsedBySlack(v, false, out);
  else if (x && typeof x === 'object') {
    const o = x as Any;
    if ((top || o.type === 'mrkdwn') && typeof o.text === 'string') out.push(o.text);
    for (const [k, v] of Object.entries(o)) if (k !== 'text' || typeof v !== 'string') parsedBySlack(v, false, out);
  }
  return out;
}

/**
 * Mentions in what Baton sent to Slack: no broadcast (`<!channel>`, `<!here>`, `<!everyone>`,
 * `<!subteam^…>`), and people only among `allowed` (those a real mention named, or members).
 */
export function slackMentionProblems(sent: unknown, allowed: Set<string>, where: string): string[] {
  const out: string[] = [];
  for (const s of parsedBySlack(sent)) {
    const broadcast = /<!(channel|here|everyone|subteam)[^>]*>/.exec(s);
    if (broadcast) out.push(`${where}: a broadcast mention ${broadcast[0]}`);
    for (const m of s.matchAll(/<@([A-Z0-9]+)(?:\|[^>]*)?>/g)) if (!allowed.has(m[1]!)) out.push(`${where}: a mention of ${m[1]} nobody mentioned`);
  }
  return out;
}

/** Teams: the activity's size, and every <at> matched by a mention entity of the same card. */
export function teamsActivityProblems(activity: Any, where: string): string[] {
  const out: string[] = [];
  const size = Buffer.byteLength(JSON.stringify(activity), 'utf8');
  if (size > 28_000) out.push(`${where}: ${size} bytes (Teams takes about 28 KB)`);
  for (const a of (activity.attachments ?? []) as Any[]) {
    if (a.contentType !== 'application/vnd.microsoft.card.adaptive') continue;
    const card = a.content as Any;
    const entities = new Set(((card.msteams?.entities ?? []) as Any[]).map((e) => e.text));
    // Displayed text (an input's value is shown as typed, and mentions no one).
    for (const s of [...markdownOf(card), ...runsOf(card), String(card.fallbackText ?? '')]) {
      for (const m of s.matchAll(/<at>.*?<\/at>/gi)) if (!entities.has(m[0])) out.push(`${where}: ${m[0]} without its mention entity`);
    }
    for (const e of (card.msteams?.entities ?? []) as Any[]) if (!/^(29:|8:orgid:|[0-9a-f-]{36}$)/.test(String(e.mentioned?.id))) out.push(`${where}: a mention entity of ${e.mentioned?.id}`);
    if (card.version !== '1.5' && card.version !== '1.4') out.push(`${where}: card version ${card.version}`);
    // Links: markdown in TextBlocks and facts (an unescaped "](…)"), and OpenUrl actions.
    for (const s of markdownOf(card)) if (/(?<!\\)\]\((?!https?:)/i.test(s)) out.push(`${where}: a markdown link that is not http(s)`);
    for (const u of urlsOf(card)) if (!/^https?:\/\//i.test(u)) out.push(`${where}: an OpenUrl to ${u}`);
  }
  if (typeof activity.text === 'string' && /<at>/i.test(activity.text) && !(activity.entities ?? []).length) out.push(`${where}: <at> in text without entities`);
  return out;
}

/** The texts an Adaptive Card reads as markdown: TextBlock texts and FactSet facts. */
function markdownOf(x: unknown, out: string[] = []): string[] {
  if (Array.isArray(x)) for (const v of x) markdownOf(v, out);
  else if (x && typeof x === 'object') {
    const o = x as Any;
    if (o.type === 'TextBlock' && typeof o.text === 'string') out.push(o.text);
    if (o.type === 'FactSet') for (const f of (o.facts ?? []) as Any[]) out.push(String(f.title), String(f.value));
    for (const v of Object.values(o)) if (typeof v === 'object') markdownOf(v, out);
  }
  return out;
}

/** Every URL an Action.OpenUrl (or a selectAction) opens. */
function urlsOf(x: unknown, out: string[] = []): string[] {
  if (Array.isArray(x)) for (const v of x) urlsOf(v, out);
  else if (x && typeof x === 'object') {
    const o = x as Any;
    if (o.type === 'Action.OpenUrl') out.push(String(o.url));
    for (const v of Object.values(o)) if (typeof v === 'object') urlsOf(v, out);
  }
  return out;
}

/** The texts of TextRuns (RichTextBlocks). */
function runsOf(x: unknown, out: string[] = []): string[] {
  if (Array.isArray(x)) for (const v of x) runsOf(v, out);
  else if (x && typeof x === 'object') {
    const o = x as Any;
    if (o.type === 'TextRun' && typeof o.text === 'string') out.push(o.text);
    for (const v of Object.values(o)) if (typeof v === 'object') runsOf(v, out);
  }
  return out;
}
