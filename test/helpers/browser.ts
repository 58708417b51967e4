// Headless Chromium for the tests that open a report as a person would, offline.
import { existsSync, writeFileSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";

/** Starts headless Chromium; throws when it is missing, so no test that needs a browser passes without one. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does it)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}

/** What a page did and holds, for telling whether text in it acted instead of being shown. */
export interface Opened {
  /** alert(), confirm() and prompt() calls: a script ran. */
  dialogs: string[];
  /** Uncaught errors in the page's scripts. */
  errors: string[];
  /** Requests other than the page itself. */
  requests: string[];
  /** Elements that run code, load something or link somewhere, by tag name, with how many. */
  active: Record<string, number>;
  /** `on*` attributes of any element (`img onerror`). */
  handlers: string[];
  /** Headings h1–h6, in order. */
  headings: string[];
  /** Each table's rows as their cell counts. */
  tables: number[][];
  /** The page's text, each run of white space as one space. */
  text: string;
}

const ACTIVE = ["script", "img", "iframe", "frame", "object", "embed", "a", "form", "input", "button", "link", "base", "video", "audio", "image", "foreignobject"];

/** Loads `html` (with no network) and reports what it did: dialogs, errors, requests, active elements, handlers, its text. */
export async function openHtml(browser: Browser, html: string): Promise<Opened> {
  const page = await browser.newPage();
  const dialogs: string[] = [];
  const errors: string[] = [];
  const requests: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("request", (request) => requests.push(request.url()));
  await page.route("**/*", (route) => route.abort());
  try {
    await page.setContent(html, { waitUntil: "load" });
    // Let an onerror handler or a timer of injected markup run before looking.
    await page.waitForTimeout(100);
    const seen = await page.evaluate((tags: string[]) => {
      // Runs in the page; the Node type world has no DOM globals.
      interface Node { tagName: string; attributes: ArrayLike<{ name: string }>; textContent: string | null; querySelectorAll(s: string): ArrayLike<Node> }
      const doc = (globalThis as unknown as { document: Node & { body: Node } }).document;
      const all = Array.from(doc.querySelectorAll("*"));
      const active: Record<string, number> = {};
      for (const el of all) {
        const tag = el.tagName.toLowerCase();
        if (tags.includes(tag)) active[tag] = (active[tag] ?? 0) + 1;
      }
      return {
        active,
        handlers: all.flatMap((el) => Array.from(el.attributes).filter((a) => a.name.toLowerCase().startsWith("on")).map((a) => `${el.tagName.toLowerCase()} ${a.name}`)),
        headings: Array.from(doc.querySelectorAll("h1, h2, h3, h4, h5, h6")).map((h) => (h.textContent ?? "").trim()),
        tables: Array.from(doc.querySelectorAll("table")).map((t) => Array.from(t.querySelectorAll("tr")).map((tr) => tr.querySelectorAll("th, td").length)),
        text: (doc.body.textContent ?? "").replace(/\s+/g, " "),
      };
    }, ACTIVE);
    return { dialogs, errors, requests: requests.filter((url) => url !== "about:blank"), ...seen };
  } finally {
    await page.close();
  }
}

/** Text as the page shows it: each run of white space as one space. */
export const asShown = (text: string): string => text.replace(/\s+/g, " ");

/** What a page's rendered layout shows at one width: labels drawn over one another, sideways scrolling, requests made. */
export interface Layout {
  /** Pairs of text labels whose boxes overlap, as `"a" over "b"`. */
  overlaps: string[];
  /** Whether the page scrolls sideways (document.scrollingElement.scrollWidth > innerWidth). */
  sideways: boolean;
  /** Requests other than the page itself. */
  requests: string[];
  /** How many text boxes were compared. */
  labels: number;
}

/**
 * Opens `file` (a file:// page, every other request refused) at `width` px, screenshots it to `png`,
 * and checks its layout: each line of every text node (HTML and SVG `<text>`), from the rendered boxes,
 * against every other; a scrolled table's cells hidden in its box do not count.
 */
export async function layoutOf(browser: Browser, file: string, width: number, png: string): Promise<Layout> {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  const requests: string[] = [];
  page.on("request", (request) => requests.push(request.url()));
  await page.route((url) => url.href !== `file://${file}`, (route) => route.abort());
  try {
    await page.goto(`file://${file}`);
    // Open every disclosure, so the tables behind the charts are laid out and checked too.
    await page.evaluate(() => {
      const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<{ open: boolean }> } }).document;
      for (const d of Array.from(doc.querySelectorAll("details"))) d.open = true;
    });
    const found = await page.evaluate(() => {
      // Runs in the page; the Node type world has no DOM globals, so the few used are typed here.
      interface Rect { left: number; right: number; top: number; bottom: number; width: number; height: number }
      interface El { getBoundingClientRect(): Rect; parentElement: El | null; tagName: string; closest(s: string): El | null; scrollWidth: number; clientWidth: number }
      interface TextNode { textContent: string | null; parentElement: El | null }
      interface Doc {
        body: unknown;
        scrollingElement: { scrollWidth: number };
        createRange(): { selectNodeContents(n: TextNode): void; getClientRects(): ArrayLike<Rect> };
        createTreeWalker(root: unknown, what: number): { nextNode(): TextNode | null };
      }
      const g = globalThis as unknown as { document: Doc; innerWidth: number; getComputedStyle(e: El): { visibility: string; display: string } };
      const doc = g.document;
      const walker = doc.createTreeWalker(doc.body, 4 /* NodeFilter.SHOW_TEXT */);
      const boxes: { text: string; box: Rect }[] = [];
      const visibleIn = (el: El | null, box: Rect): boolean => {
        // A cell scrolled out of its table's box is not drawn over anything.
        const scroller = el?.closest(".scroll");
        if (!scroller) return true;
        const clip = scroller.getBoundingClientRect();
        return box.right > clip.left && box.left < clip.right;
      };
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = (node.textContent ?? "").trim();
        const parent = node.parentElement;
        if (text === "" || !parent || ["STYLE", "TITLE", "title"].includes(parent.tagName) || parent.closest("title")) continue;
        const range = doc.createRange();
        range.selectNodeContents(node);
        for (const box of Array.from(range.getClientRects())) {
          if (box.width < 0.5 || box.height < 0.5 || !visibleIn(parent, box)) continue;
          boxes.push({ text, box });
        }
      }
      const overlaps: string[] = [];
      // One pixel of slack: adjacent boxes of one line touch.
      const slack = 1;
      for (let i = 0; i < boxes.length; i++) {
        const a = boxes[i]!;
        for (let j = i + 1; j < boxes.length; j++) {
          const b = boxes[j]!;
          const apart = a.box.right <= b.box.left + slack || b.box.right <= a.box.left + slack || a.box.bottom <= b.box.top + slack || b.box.bottom <= a.box.top + slack;
          if (!apart) overlaps.push(`"${a.text}" over "${b.text}"`);
        }
      }
      return { overlaps, sideways: doc.scrollingElement.scrollWidth > g.innerWidth, labels: boxes.length };
    });
    await page.screenshot({ path: png, fullPage: true });
    return { ...found, requests: requests.filter((url) => url !== `file://${file}`) };
  } finally {
    await page.close();
  }
}

/**
 * Writes `html` to `<dir><name>.html` and lays it out at 390 px (a phone) and 1280 px, with a
 * screenshot of each (`<dir><name>-<width>.png`): what each width shows wrong, and how many labels were compared.
 */
export async function layoutsAtPhoneAndDesktop(browser: Browser, dir: string, name: string, html: string) {
  const file = `${dir}${name}.html`;
  writeFileSync(file, html);
  const seen = [];
  for (const width of [390, 1280]) {
    const layout = await layoutOf(browser, file, width, `${dir}${name}-${width}.png`);
    seen.push({ width, overlaps: layout.overlaps, sideways: layout.sideways, requests: layout.requests, labelsCompared: layout.labels > 40 });
  }
  return seen;
}

/** What {@link layoutsAtPhoneAndDesktop} returns for a page laid out cleanly at both widths. */
export const CLEAN_LAYOUTS = [390, 1280].map((width) => ({ width, overlaps: [], sideways: false, requests: [], labelsCompared: true }));
