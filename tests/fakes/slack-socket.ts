// Slack's Socket Mode side, on the fake's HTTP server: the WebSocket the app opens after
// apps.connections.open. Sends `hello`, then envelopes (slash_commands, events_api, interactive)
// as Slack does, and records the app's acknowledgements. A minimal RFC 6455 server (text
// frames, ping/pong, close) — enough for one client, no dependency.
import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

export interface Ack {
  envelope_id: string;
  payload?: Record<string, unknown>;
}

export class FakeSocketLink {
  readonly acks: Ack[] = [];
  private sockets: Duplex[] = [];

  attach(server: Server): void {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex) => this.upgrade(req, socket));
  }

  get connected(): boolean {
    return this.sockets.length > 0;
  }

  /** Sends an envelope like Slack's; returns its envelope_id. */
  send(type: 'slash_commands' | 'events_api' | 'interactive', payload: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
    const envelope_id = randomUUID();
    this.text(JSON.stringify({ envelope_id, payload, type, accepts_response_payload: type !== 'events_api', ...extra }));
    return envelope_id;
  }

  close(): void {
    for (const s of this.sockets) s.destroy();
    this.sockets = [];
  }

  private upgrade(req: IncomingMessage, socket: Duplex): void {
    const key = req.headers['sec-websocket-key'];
    if (!key || !(req.url ?? '').startsWith('/link')) {
      socket.destroy();
      return;
    }
    const accept = createHash('sha1').update(key + GUID).digest('base64');
    socket.write(['HTTP/1.1 101 Switching Protocols', 'Upgrade: websocket', 'Connection: Upgrade', `Sec-WebSocket-Accept: ${accept}`, '', ''].join('\r\n'));
    this.sockets.push(socket);
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      for (;;) {
        const frame = readFrame(buffered);
        if (!frame) break;
        buffered = buffered.subarray(frame.length);
        if (frame.opcode === 0x1) this.acks.push(JSON.parse(frame.payload.toString('utf8')) as Ack);
        else if (frame.opcode === 0x9) socket.write(encode(0xa, frame.payload));
        else if (frame.opcode === 0x8) {
          socket.write(encode(0x8, frame.payload));
          socket.end();
        }
      }
    });
    socket.on('close', () => {
      this.sockets = this.sockets.filter((s) => s !== socket);
    });
    socket.on('error', () => undefined);
    this.text(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'applink-fake', build_number: 1, approximate_connection_time: 18060 }, connection_info: { app_id: 'A0BATON01' } }));
  }

  private text(s: string): void {
    for (const socket of this.sockets) socket.write(encode(0x1, Buffer.from(s, 'utf8')));
  }
}

function encode(opcode: number, payload: Buffer): Buffer {
  const len = payload.length;
  const head = len < 126 ? Buffer.from([0x80 | opcode, len]) : len < 65536 ? Buffer.from([0x80 | opcode, 126, len >> 8, len & 0xff]) : Buffer.concat([Buffer.from([0x80 | opcode, 127]), bigLength(len)]);
  return Buffer.concat([head, payload]);
}

function bigLength(len: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(len));
  return b;
}

/** One complete client frame (clients always mask), or null until more bytes arrive. */
function readFrame(buf: Buffer): { opcode: number; payload: Buffer; length: number } | null {
  if (buf.length < 2) return null;
  const opcode = buf[0]! & 0x0f;
  const masked = (buf[1]! & 0x80) !== 0;
  let len = buf[1]! & 0x7f;
  let offset = 2;
  if (len === 126) {
    if (buf.length < 4) return null;
    len = buf.readUInt16BE(2);
    offset = 4;
  } else if (len === 127) {
    if (buf.length < 10) return null;
    len = Number(buf.readBigUInt64BE(2));
    offset = 10;
  }
  const maskLen = masked ? 4 : 0;
  if (buf.length < offset + maskLen + len) return null;
  const mask = masked ? buf.subarray(offset, offset + 4) : null;
  const payload = Buffer.from(buf.subarray(offset + maskLen, offset + maskLen + len));
  if (mask) for (let i = 0; i < payload.length; i++) payload[i]! ^= mask[i % 4]!;
  return { opcode, payload, length: offset + maskLen + len };
}
