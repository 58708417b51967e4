// Headless Chromium for the tests that open a report as a person would, offline.
import { existsSync } from "node:fs";
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
