import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/**
 * Local mode end to end, as a newcomer meets it: `npm start` with no Slack
 * token, no Anthropic key and no DATABASE_URL, then Debian's Chromium on the
 * page it prints. Everything behind the page is the real bot: Bolt over
 * signed HTTP, the coach service on embedded Postgres, the offline coach, the
 * real nudge path.
 *
 * `npm start` is `tsx src/main.ts`; the test runs that same command with a
 * temporary working directory, so embedded Postgres keeps its data in a
 * fresh `.data/` there and never touches the developer's own.
 */

const ROOT = path.resolve(__dirname, '../..');
const ARTIFACTS = path.join(ROOT, 'test-artifacts');
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

let workDir: string;
let profileDir: string;
let server: ChildProcess;
let serverLog = '';
let url: string;
let context: BrowserContext;
let page: Page;
const dialogs: string[] = [];
const pageErrors: string[] = [];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** `npm start` in local mode: no Slack, Anthropic or database settings at all. */
async function startLocalMode(port: number): Promise<string> {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(SLACK_|ANTHROPIC_|DATABASE_URL|COACH_MODEL|TEST_|PORT$|LOG_LEVEL$)/.test(key)) continue;
    env[key] = value;
  }
  env.PORT = String(port);
  server = spawn(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(ROOT, 'src/main.ts')], {
    cwd: workDir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start printed no banner within 100 s:\n${serverLog.slice(-4000)}`)), 100_000);
    const read = (chunk: Buffer) => {
      serverLog += chunk.toString('utf8');
      const banner = /Deep Thoughts local mode: open (http:\/\/\S+)/.exec(serverLog);
      if (banner) {
        clearTimeout(timer);
        resolve(banner[1]!);
      }
    };
    server.stdout!.on('data', read);
    server.stderr!.on('data', read);
    server.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited with ${code}:\n${serverLog.slice(-4000)}`));
    });
  });
}

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  workDir = mkdtempSync(path.join(os.tmpdir(), 'deep-thoughts-local-'));
  // Embedded Postgres runs as the `postgres` OS user when the test runs as root.
  chmodSync(workDir, 0o777);
  profileDir = mkdtempSync(path.join(os.tmpdir(), 'deep-thoughts-chromium-'));
  url = await startLocalMode(await freePort());

  context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1400, height: 900 },
  });
  page = context.pages()[0] ?? (await context.newPage());
  // Any dialog at all means script from a message ran.
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(url);
}, 150_000);

afterAll(async () => {
  await context?.close();
  if (server && server.exitCode === null) {
    // SIGTERM as an operator would: the bot drains, then stops its embedded Postgres.
    let timer: NodeJS.Timeout | undefined;
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 20_000)))]);
    clearTimeout(timer);
    if (server.exitCode === null) server.kill('SIGKILL');
  }
  for (const dir of [workDir, profileDir]) if (dir) rmSync(dir, { recursive: true, force: true });
}, 30_000);

/**
 * Retries `check` (jest assertions on the page) until it passes or `timeoutMs`
 * runs out; the last failure is thrown with the tail of the server's log, so a
 * failing step shows what the bot said about it.
 */
async function eventually(check: () => Promise<void>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) {
        const message = error instanceof Error ? error.message : String(error);
        throw new Error(`${message}\n--- server log (tail) ---\n${serverLog.slice(-3000)}`, { cause: error });
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

const mainList = () => page.locator('#message-list');
const threadList = () => page.locator('#thread-list');
const botRepliesInThread = () => threadList().locator('.message[data-author="bot"]');
const text = async (locator: ReturnType<Page['locator']>) => (await locator.count()) ? ((await locator.first().textContent()) ?? '') : '';

async function send(selector: '#composer-input' | '#thread-input', message: string): Promise<void> {
  await page.locator(selector).fill(message);
  await page.locator(selector).press('Enter');
}

describe('local mode in a browser', () => {
  let firstMessageTs: string;

  it('coaches a first message with a question in its thread', async () => {
    await eventually(async () => expect(await text(page.locator('#person-name'))).not.toBe(''));
    await send('#composer-input', 'I need to finish the quarterly planning document for my team');
    const mine = mainList().locator('.message[data-author="person"]').first();
    await eventually(async () => expect(await mine.locator('.replies-link').count()).toBe(1));
    firstMessageTs = (await mine.getAttribute('data-ts'))!;
    await mine.locator('.replies-link').click();
    await eventually(async () => expect(await page.locator('#thread-pane').isVisible()).toBe(true));
    await eventually(async () => expect(await text(botRepliesInThread().first().locator('.body'))).toContain('?'));
  });

  it('answers six times in the thread, one coach reply per answer', async () => {
    const answers = [
      'It matters because the team cannot plan hiring without it.',
      'Today I will finish the draft of the goals section by noon.',
      'I could write it alone, or run a short workshop with two leads.',
      'The crux is that I do not know the budget yet.',
      'First step: ask finance for the range this morning.',
      'I believe I need perfect numbers before I write anything.',
    ];
    for (const [index, answer] of answers.entries()) {
      await send('#thread-input', answer);
      await eventually(async () => expect(await botRepliesInThread().count()).toBe(index + 2));
    }
  });

  it('wraps up with a Deep Thoughts report: header, score and transcript in the thread', async () => {
    await send('#thread-input', 'wrap up');
    await eventually(async () => expect(await text(threadList().locator('.bk-header h3'))).toMatch(/^Deep Thoughts: /), 60_000);
    await eventually(async () => {
      const thread = await threadList().innerText();
      expect(thread).toMatch(/Overall coaching effectiveness score: \d+\/10/);
      // The transcript follows the report in the thread, with the person's own words in it.
      expect(thread).toMatch(/transcript/i);
      expect(thread.slice(thread.search(/transcript/i))).toContain('quarterly planning document');
    });
    // The DM with the report open in its thread, from its header down.
    await threadList().locator('.bk-header').first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(ARTIFACTS, 'local-mode-dm.png') });
  });

  it('shows /coach-report to the person alone', async () => {
    await page.locator('#close-thread').click();
    await send('#composer-input', '/coach-report');
    const ephemerals = mainList().locator('.message.ephemeral');
    await eventually(async () => {
      expect(await ephemerals.count()).toBeGreaterThan(0);
      expect(await text(ephemerals.last().locator('.only-you'))).toContain('Only visible to you');
      expect(await text(mainList().locator('.message.ephemeral .bk-header h3'))).toMatch(/^Deep Thoughts: /);
    });
    await mainList().locator('.message.ephemeral .bk-header').first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(ARTIFACTS, 'local-mode-report.png') });
  });

  it('shows script in a message as text and runs nothing', async () => {
    const attack = 'Look: <script>alert(1)</script> and <img src=x onerror=alert(1)>';
    const botMessages = () => page.locator('.message[data-author="bot"]').count();
    const before = await botMessages();
    const repliesBefore = await mainList().locator('.replies-link').count();
    await send('#composer-input', attack);
    const mine = mainList().locator('.message[data-author="person"]').last();
    await eventually(async () => expect(await text(mine.locator('.body'))).toBe(attack));
    // Whatever the bot answers is rendered too (in the main pane or in a thread); wait for it.
    await eventually(async () => expect((await botMessages()) + (await mainList().locator('.replies-link').count())).toBeGreaterThan(before + repliesBefore));
    await page.waitForTimeout(500);
    // Evaluated in the page (a string: this file is compiled without the DOM's types).
    const injected = await page.evaluate(`({
      scripts: document.querySelectorAll('.message script, #home-view script').length,
      images: document.querySelectorAll('img[src="x"], [onerror]').length,
    })`);
    expect(injected).toEqual({ scripts: 0, images: 0 });
    expect(dialogs).toEqual([]);
  });

  it('saves a new nudge time on the App Home, still there after a reload', async () => {
    await page.locator('#tab-home').click();
    const time = page.locator('#home-view input[type="time"]').first();
    await time.waitFor({ timeout: 30_000 });
    const original = await time.inputValue();
    const wanted = original === '07:45' ? '08:15' : '07:45';
    const published = await page.locator('#home-view').getAttribute('data-hash');
    await time.fill(wanted);
    // The bot saves it and publishes the Home again.
    await eventually(async () => expect(await page.locator('#home-view').getAttribute('data-hash')).not.toBe(published));
    expect(await page.locator('#home-view input[type="time"]').first().inputValue()).toBe(wanted);

    await page.reload();
    await eventually(async () => expect(await page.locator('#pane-home').isVisible()).toBe(true));
    await eventually(async () => expect(await page.locator('#home-view input[type="time"]').first().inputValue()).toBe(wanted));
    await page.screenshot({ path: path.join(ARTIFACTS, 'local-mode-home.png') });
  });

  it('opens the last report from the App Home in a modal; Close and Esc close it', async () => {
    await page.locator('#tab-home').click();
    const row = page.locator('#home-view .bk-section', { has: page.locator('button', { hasText: 'Open' }) }).first();
    await row.waitFor({ timeout: 30_000 });
    // "*Tue 3 Mar* · <title> · score 8/10": the report's title, as the Home lists it.
    const title = ((await text(row.locator('.bk-section-text'))).split(' · ')[1] ?? '').replace(/…$/, '').trim();
    expect(title).not.toBe('');

    const modal = page.locator('#modal');
    await row.locator('button', { hasText: 'Open' }).click();
    await eventually(async () => expect(await modal.isVisible()).toBe(true));
    expect(await text(page.locator('#modal-title'))).toMatch(/^Report \d{4}-\d{2}-\d{2}$/);
    const header = await text(modal.locator('.bk-header h3'));
    expect(header).toMatch(/^Deep Thoughts: /);
    expect(header).toContain(title.slice(0, 60));
    expect(await modal.innerText()).toMatch(/Overall coaching effectiveness score: \d+\/10/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'local-mode-modal.png') });

    const emulatorModal = async () => ((await (await page.request.get(new URL('/emulator/state', url).href)).json()) as { modal: unknown }).modal;
    await page.locator('#modal-close').click();
    await eventually(async () => expect(await modal.isVisible()).toBe(false));
    await eventually(async () => expect(await emulatorModal()).toBeNull());

    // Again, and Esc this time (each click brings a fresh trigger_id).
    await row.locator('button', { hasText: 'Open' }).click();
    await eventually(async () => expect(await modal.isVisible()).toBe(true));
    await page.keyboard.press('Escape');
    await eventually(async () => expect(await modal.isVisible()).toBe(false));
    await eventually(async () => expect(await emulatorModal()).toBeNull());
    expect(pageErrors).toEqual([]);
  });

  it('sends the morning nudge on demand: a new morning thread in the DM', async () => {
    await page.locator('#tab-messages').click();
    const mornings = mainList().locator('.message[data-author="bot"]', { hasText: 'Good morning' });
    const before = await mornings.count();
    await page.locator('#nudge-now').click();
    await eventually(async () => expect(await text(page.locator('#nudge-result'))).toMatch(/morning nudge/i));
    await eventually(async () => expect(await mornings.count()).toBe(before + 1));
    const nudge = mornings.last();
    expect(await nudge.getAttribute('data-ts')).not.toBe(firstMessageTs);
    expect(await nudge.locator('button', { hasText: 'Skip today' }).count()).toBe(1);

    // It is a thread the coach continues; its answer quotes the person, script and all, as text.
    await nudge.hover();
    await nudge.locator('[data-open-thread]').first().click();
    await send('#thread-input', 'Plan the offsite <script>alert(1)</script> <img src=x onerror=alert(1)>');
    await eventually(async () => expect(await botRepliesInThread().count()).toBe(2));
    await page.waitForTimeout(500);
    expect(await page.evaluate(`document.querySelectorAll('.message script, img[src="x"], [onerror]').length`)).toBe(0);
    expect(dialogs).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
