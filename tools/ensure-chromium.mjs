// `npm test` checks report.html and the analysis page in headless Chromium (Debian's package, at
// /usr/bin/chromium). On a fresh Debian or Ubuntu machine run as root it installs it with apt-get;
// elsewhere it stops with what to install, so no test is ever skipped for want of a browser.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

const CHROMIUM = "/usr/bin/chromium";
if (!existsSync(CHROMIUM)) {
  const root = process.getuid?.() === 0;
  const apt = existsSync("/usr/bin/apt-get");
  if (!root || !apt) {
    console.error(`npm test needs ${CHROMIUM} for the HTML report tests: install Debian's chromium package (apt-get install -y chromium) and run it again`);
    process.exit(1);
  }
  console.error(`${CHROMIUM} is missing: installing Debian's chromium package (apt-get update, apt-get install -y chromium)`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  execFileSync("apt-get", ["update"], { stdio: "inherit", env });
  execFileSync("apt-get", ["install", "-y", "--no-install-recommends", "chromium"], { stdio: "inherit", env });
  if (!existsSync(CHROMIUM)) {
    console.error(`apt-get installed chromium but ${CHROMIUM} is still missing`);
    process.exit(1);
  }
}
