/** A user agent string told as "Chrome 131 on macOS": enough to recognise one's own browsers, nothing more. */
export function describeUserAgent(ua: string | null | undefined): { browser: string; os: string; mobile: boolean } {
  const s = ua ?? "";
  const version = (re: RegExp) => re.exec(s)?.[1]?.split(".")[0];
  const browsers: [string, RegExp][] = [
    ["Edge", /Edg(?:e|A|iOS)?\/([\d.]+)/],
    ["Opera", /OPR\/([\d.]+)/],
    ["Samsung Internet", /SamsungBrowser\/([\d.]+)/],
    ["Firefox", /(?:Firefox|FxiOS)\/([\d.]+)/],
    ["Chrome", /(?:Chrome|CriOS)\/([\d.]+)/],
    ["Safari", /Version\/([\d.]+).*Safari\//],
    ["curl", /^curl\/([\d.]+)/],
  ];
  let browser = "Unknown browser";
  for (const [name, re] of browsers) {
    const v = version(re);
    if (v) {
      browser = `${name} ${v}`;
      break;
    }
  }
  if (browser === "Unknown browser" && /HeadlessChrome\/([\d.]+)/.test(s))
    browser = `Chrome ${version(/HeadlessChrome\/([\d.]+)/)}`;
  const os = /iPhone|iPad|iPod/.test(s)
    ? "iOS"
    : /Android/.test(s)
      ? "Android"
      : /Windows/.test(s)
        ? "Windows"
        : /Mac OS X|Macintosh/.test(s)
          ? "macOS"
          : /CrOS/.test(s)
            ? "ChromeOS"
            : /Linux/.test(s)
              ? "Linux"
              : "Unknown system";
  return { browser, os, mobile: /Mobi|iPhone|Android/.test(s) };
}
