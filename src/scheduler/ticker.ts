// The heartbeat: every minute (node-cron), run the jobs that are due and send what waits.
import cron from 'node-cron';
import type { Baton } from '../core/bot.js';
import type { Logger } from '../core/ports.js';
import type { Dispatcher } from './outbox.js';

export class Ticker {
  private task: ReturnType<typeof cron.schedule> | null = null;

  constructor(
    private readonly bot: Baton,
    private readonly dispatcher: Dispatcher,
    private readonly log: Logger,
  ) {}

  /**
   * One tick now: due jobs (giving the event loop back as it goes), then delivery. Requests an
   * instance that died had taken are looked for too, once its lease has run out.
   */
  async tick(): Promise<void> {
    this.bot.inbox.kick();
    try {
      await this.bot.runDueJobsPaced();
    } catch (err) {
      this.log.error({ err: String(err) }, 'tick failed');
    }
    await this.dispatcher.drain();
  }

  start(): void {
    this.task = cron.schedule('* * * * *', () => void this.tick(), { noOverlap: true });
  }

  stop(): void {
    void this.task?.stop();
    this.task = null;
  }
}
