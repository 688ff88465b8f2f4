// Files in Teams (the export's CSV and Markdown). A bot can send a file only in a 1:1 chat, and
// only after the person accepts it: Baton sends a file consent card per file, keeps the content
// until the answer comes, and on "accept" uploads it to the place Teams gives (the person's
// OneDrive) and shows the file. The content is forgotten once answered.
import type { Attachment as BotAttachment } from 'botbuilder';
import { z } from 'zod';
import type { AddressBook } from '../../core/addresses.js';
import type { Attachment } from '../../core/message.js';

export const FILE_CONSENT_CARD = 'application/vnd.microsoft.teams.card.file.consent';
export const FILE_INFO_CARD = 'application/vnd.microsoft.teams.card.file.info';

interface StoredFile {
  filename: string;
  mimeType: string;
  content: string;
  userId: string;
  conversationId: string;
}

export const consentSchema = z.object({
  action: z.enum(['accept', 'decline']),
  context: z.object({ fileKey: z.string().min(1).max(300) }).passthrough(),
  uploadInfo: z
    .object({
      uploadUrl: z.string().max(4000),
      contentUrl: z.string().max(4000).optional(),
      name: z.string().max(500).optional(),
      uniqueId: z.string().max(500).optional(),
      fileType: z.string().max(50).optional(),
    })
    .passthrough()
    .optional(),
});

export type ConsentAnswer = z.infer<typeof consentSchema>;

export class FileOffers {
  constructor(
    private readonly book: AddressBook,
    /** Upload targets must be https, except in local development against an emulator. */
    private readonly allowHttp: boolean,
  ) {}

  /** Consent cards for the files, their contents kept until the person answers. */
  async offer(tenant: string, deliveryKey: string, files: Attachment[], to: { userId: string; conversationId: string }): Promise<BotAttachment[]> {
    const cards: BotAttachment[] = [];
    for (const [i, f] of files.entries()) {
      const fileKey = `${deliveryKey}#${i}`;
      const stored: StoredFile = { filename: f.filename, mimeType: f.mimeType, content: f.content, ...to };
      await this.book.save('teams', tenant, `file:${fileKey}`, stored as unknown as Record<string, unknown>);
      cards.push({
        contentType: FILE_CONSENT_CARD,
        name: f.filename,
        content: {
          description: `${f.filename} from Baton`,
          sizeInBytes: Buffer.byteLength(f.content, 'utf8'),
          acceptContext: { fileKey },
          declineContext: { fileKey },
        },
      });
    }
    return cards;
  }

  /**
   * The person's answer. On accept the file is uploaded and a file card comes back to show in
   * the chat; a decline, an answer from someone else or a second answer only forget or ignore.
   */
  async answer(tenant: string, userId: string, conversationId: string, a: ConsentAnswer): Promise<{ shown?: BotAttachment; note?: string }> {
    const key = `file:${a.context.fileKey}`;
    const stored = await this.book.find('teams', tenant, key) as unknown as Partial<StoredFile> | undefined;
    if (!stored?.content && stored?.content !== '') return { note: 'That file is no longer available. Run export again.' };
    if (stored.userId !== userId || stored.conversationId !== conversationId) return { note: 'That file was offered to someone else.' };
    await this.book.save('teams', tenant, key, { answered: a.action });
    if (a.action === 'decline') return { note: `Not sent: ${stored.filename}.` };
    const info = a.uploadInfo;
    const url = info ? safeUploadUrl(info.uploadUrl, this.allowHttp) : null;
    if (!info || !url) return { note: 'Teams gave no place to upload the file to.' };
    const body = Buffer.from(stored.content ?? '', 'utf8');
    const res = await fetch(url, {
      method: 'PUT',
      headers: { 'content-type': stored.mimeType ?? 'application/octet-stream', 'content-range': `bytes 0-${Math.max(0, body.length - 1)}/${body.length}` },
      body,
    });
    if (!res.ok) {
      await this.book.save('teams', tenant, key, stored as Record<string, unknown>);
      throw new Error(`file upload failed with ${res.status}`);
    }
    return {
      shown: {
        contentType: FILE_INFO_CARD,
        name: info.name ?? stored.filename,
        ...(info.contentUrl ? { contentUrl: info.contentUrl } : {}),
        content: { uniqueId: info.uniqueId, fileType: info.fileType },
      },
    };
  }
}

function safeUploadUrl(raw: string, allowHttp: boolean): string | null {
  try {
    const u = new URL(raw);
    if (u.protocol === 'https:' || (allowHttp && u.protocol === 'http:')) return u.href;
  } catch {
    // not a URL
  }
  return null;
}
