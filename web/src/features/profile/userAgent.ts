/** Browser and operating system named in a User-Agent header; either is `null` when it is not recognised. */
export interface Device {
  browser: string | null
  os: string | null
}

// Order matters: Edge and Opera also say "Chrome", Chrome also says "Safari", and so on.
const browsers: [RegExp, string][] = [
  [/\bEdg(e|A|iOS)?\//, 'Edge'],
  [/\b(OPR|Opera)\//, 'Opera'],
  [/\bVivaldi\//, 'Vivaldi'],
  [/\bSamsungBrowser\//, 'Samsung Internet'],
  [/\b(Firefox|FxiOS)\//, 'Firefox'],
  [/\bCriOS\//, 'Chrome'],
  [/\b(HeadlessChrome|Chromium|Chrome)\//, 'Chrome'],
  [/\bVersion\/[\d.]+.*\bSafari\//, 'Safari'],
  [/\bcurl\//, 'curl'],
  [/\bPostmanRuntime\//, 'Postman'],
  [/\b(python-requests|python-httpx)\//, 'Python'],
  [/^node\b|\bnode-fetch\b|\bundici\b/, 'Node.js'],
]

const systems: [RegExp, string][] = [
  [/\b(iPhone|iPad|iPod)\b/, 'iOS'],
  [/\bAndroid\b/, 'Android'],
  [/\bCrOS\b/, 'ChromeOS'],
  [/\bWindows\b/, 'Windows'],
  [/\b(Macintosh|Mac OS X)\b/, 'macOS'],
  [/\bLinux\b/, 'Linux'],
]

const first = (list: [RegExp, string][], ua: string) => list.find(([pattern]) => pattern.test(ua))?.[1] ?? null

/** Recognises the common browsers and operating systems, enough to tell one's own devices apart. */
export function describeUserAgent(ua: string | null): Device {
  if (!ua) {
    return { browser: null, os: null }
  }
  return { browser: first(browsers, ua), os: first(systems, ua) }
}
