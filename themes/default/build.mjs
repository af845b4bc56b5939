#!/usr/bin/env node
/**
 * Builds the default theme's front-end into content-hashed files (docs/theme.md).
 *
 *   node themes/default/build.mjs [--out DIR]        (default: var/theme-build/default)
 *
 * Output, all of it immutable because every name carries a hash of its bytes:
 *
 *   DIR/manifest.json          {"boot.js": "static/theme/boot.<hash>.js", "site.css": "..."}
 *   DIR/static/theme/...       boot.js, site.css, the island chunks they load, the island
 *                              style sheets, and the decoders <model-viewer> fetches.
 *
 * The site builder copies DIR/static/ into the release and writes the manifest's paths into
 * every page, so a page never names a file that is not in its release (ARCHITECTURE
 * property 4). Everything comes from node_modules (installed by `npm ci` from the lockfile):
 * nothing is downloaded while building and nothing is loaded from another host at run time
 * (ARCHITECTURE property 5). The same sources give byte-identical files and names, so the
 * publisher can skip what did not change. Compression is the publisher's job, not this one.
 */
import { createHash } from "node:crypto";
import { constants as fsConstants } from "node:fs";
import * as fs from "node:fs/promises";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import * as zlib from "node:zlib";

const THEME_DIR = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(THEME_DIR, "..", "..");
const SRC = path.join(THEME_DIR, "static_src");
const NODE_MODULES = path.join(ROOT, "node_modules");
const DEFAULT_OUT = path.join(ROOT, "var", "theme-build", "default");
/** Where the files go inside DIR; also the prefix of every path in the manifest. */
const PUBLIC_DIR = "static/theme";

/** Logical name in the manifest -> entry point. Pages load only these two. */
const ENTRY_POINTS = {
  "boot.js": path.join(SRC, "js", "boot.js"),
  "site.css": path.join(SRC, "css", "site.css"),
};

/**
 * Decoders that <model-viewer> (through three.js) fetches only for models that need them:
 * Draco- and meshopt-compressed meshes and KTX2/Basis textures. Its defaults point at a Google host,
 * which many buyers cannot reach, so they are served from the release instead. Each set
 * goes in a directory named after a hash of its files, because the loaders ask for fixed
 * file names inside a directory.
 */
const DECODER_SETS = {
  draco: {
    from: "three/examples/jsm/libs/draco/gltf",
    files: ["draco_decoder.js", "draco_decoder.wasm", "draco_wasm_wrapper.js"],
  },
  basis: {
    from: "three/examples/jsm/libs/basis",
    files: ["basis_transcoder.js", "basis_transcoder.wasm"],
  },
  // EXT_meshopt_compression (what the asset pipeline writes). model-viewer loads it with a
  // classic <script> tag, so the package's UMD build is served under a .js name.
  meshopt: {
    from: "meshoptimizer",
    files: [["meshopt_decoder.cjs", "meshopt_decoder.js"]],
  },
};

/**
 * Language level of the output: ES2020, which every browser that runs module scripts with
 * dynamic `import()` and `import.meta` understands (Chrome/Edge 80+, Firefox 78+, Safari 14+;
 * Chinese phone browsers are recent Chromium forks). Older browsers simply never run the
 * islands and get the plain HTML.
 */
const TARGET = ["es2020"];

class BuildError extends Error {}

const USAGE = "usage: node themes/default/build.mjs [--out DIR]";

function parseCommandLine(argv) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { out: { type: "string" }, help: { type: "boolean", short: "h" } },
      strict: true,
    }));
  } catch (error) {
    throw new BuildError(`${error.message}\n${USAGE}`);
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  return { out: values.out ? path.resolve(values.out) : DEFAULT_OUT };
}

async function loadEsbuild() {
  try {
    return await import("esbuild");
  } catch (error) {
    throw new BuildError(
      `esbuild is not installed (${error.message}). Run \`npm ci\` at the repository root first.`,
    );
  }
}

/** Short content hash in the same alphabet esbuild uses for [hash] (base32, 8 characters). */
function contentHash(...parts) {
  const digest = createHash("sha256");
  for (const part of parts) digest.update(part);
  const bytes = digest.digest();
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < 8) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    if (out.length === 8) break;
  }
  return out;
}

async function assertReadable(file, hint) {
  try {
    await fs.access(file, fsConstants.R_OK);
  } catch {
    throw new BuildError(`${path.relative(ROOT, file)} is missing: ${hint}`);
  }
}

/** Copies each decoder set into its hashed directory; returns name -> "./<dir>/". */
async function copyDecoders(themeDir) {
  const locations = {};
  for (const [name, set] of Object.entries(DECODER_SETS)) {
    const sourceDir = path.join(NODE_MODULES, set.from);
    const contents = [];
    for (const entry of set.files) {
      // A file keeps its name, or [name in the package, name served].
      const [from, file] = Array.isArray(entry) ? entry : [entry, entry];
      const source = path.join(sourceDir, from);
      await assertReadable(source, "run `npm ci` at the repository root.");
      contents.push([file, await fs.readFile(source)]);
    }
    const hash = contentHash(...contents.flatMap(([file, bytes]) => [file, "\0", bytes]));
    const dirName = `${name}.${hash}`;
    await fs.mkdir(path.join(themeDir, dirName), { recursive: true });
    for (const [file, bytes] of contents) {
      await fs.writeFile(path.join(themeDir, dirName, file), bytes);
    }
    locations[name] = `./${dirName}/`;
  }
  return locations;
}

/**
 * Virtual modules the islands import:
 *
 * - `theme:decoders` exports the decoder directories, relative to the chunk that imports
 *   them (every file lives in static/theme/), so an island resolves them with
 *   `new URL(path, import.meta.url)` wherever the site is hosted.
 * - `theme:stylesheet/<name>` builds static_src/css/islands/<name>.css on its own (minified,
 *   hashed, written beside the chunks) and exports its relative path. An island that needs
 *   styles only when it runs (the panorama viewer) adds a <link> to it; its chunk's hash
 *   changes with the style sheet's, so a page never mixes old and new.
 */
function themeModules({ esbuild, themeDir, decoders, written }) {
  return {
    name: "theme-modules",
    setup(build) {
      build.onResolve({ filter: /^theme:/ }, (args) => ({ path: args.path, namespace: "theme" }));
      build.onLoad({ filter: /^theme:decoders$/, namespace: "theme" }, () => ({
        contents: Object.entries(decoders)
          .map(([name, dir]) => `export const ${name} = ${JSON.stringify(dir)};`)
          .join("\n"),
        loader: "js",
      }));
      build.onLoad({ filter: /^theme:stylesheet\//, namespace: "theme" }, async (args) => {
        const name = args.path.slice("theme:stylesheet/".length);
        if (!/^[a-z0-9-]+$/.test(name)) {
          return { errors: [{ text: `bad style sheet name ${JSON.stringify(name)}` }] };
        }
        const source = path.join(SRC, "css", "islands", `${name}.css`);
        await assertReadable(source, `imported as ${args.path}`);
        const result = await esbuild.build({
          entryPoints: [source],
          absWorkingDir: ROOT,
          nodePaths: [NODE_MODULES],
          bundle: true,
          minify: true,
          target: TARGET,
          legalComments: "none",
          write: false,
          metafile: true,
          outdir: themeDir,
          logLevel: "silent",
        });
        const css = result.outputFiles.find((file) => file.path.endsWith(".css"));
        const fileName = `${name}.${contentHash(css.contents)}.css`;
        await fs.writeFile(path.join(themeDir, fileName), css.contents);
        written.add(fileName);
        return {
          contents: `export default ${JSON.stringify(`./${fileName}`)};`,
          loader: "js",
          watchFiles: Object.keys(result.metafile?.inputs ?? {}).map((p) => path.join(ROOT, p)),
        };
      });
    },
  };
}

async function buildBundles(esbuild, staticDir, themeDir) {
  const decoders = await copyDecoders(themeDir);
  const written = new Set();
  const result = await esbuild.build({
    entryPoints: Object.entries(ENTRY_POINTS).map(([logical, source]) => ({
      in: source,
      out: path.parse(logical).name,
    })),
    absWorkingDir: ROOT,
    outdir: staticDir,
    entryNames: "theme/[name].[hash]",
    chunkNames: "theme/[name].[hash]",
    assetNames: "theme/[name].[hash]",
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "browser",
    target: TARGET,
    minify: true,
    // Licences of the bundled packages go to <file>.LEGAL.txt beside each file, linked from
    // a one-line comment, instead of weighing on every download.
    legalComments: "linked",
    charset: "utf8",
    metafile: true,
    logLevel: "silent",
    loader: { ".svg": "file", ".png": "file", ".jpg": "file", ".woff2": "file" },
    plugins: [themeModules({ esbuild, themeDir, decoders, written })],
  });
  for (const warning of result.warnings) {
    const where = warning.location ? `${warning.location.file}:${warning.location.line}: ` : "";
    console.warn(`warning: ${where}${warning.text}`);
  }
  const manifest = {};
  for (const [output, meta] of Object.entries(result.metafile.outputs)) {
    if (!meta.entryPoint) continue;
    const source = path.resolve(ROOT, meta.entryPoint);
    for (const [logical, entry] of Object.entries(ENTRY_POINTS)) {
      if (entry === source) {
        manifest[logical] = path.relative(path.dirname(staticDir), path.resolve(ROOT, output));
      }
    }
  }
  for (const logical of Object.keys(ENTRY_POINTS)) {
    if (!manifest[logical]) throw new BuildError(`esbuild wrote no output for ${logical}`);
  }
  return manifest;
}

async function listFiles(dir, base = dir) {
  const found = [];
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await listFiles(full, base)));
    else found.push(path.relative(base, full));
  }
  return found.sort();
}

function formatBytes(n) {
  return n < 1024 ? `${n} B` : `${(n / 1024).toFixed(1)} KiB`;
}

async function printSizes(outDir, manifest) {
  const entries = new Set(Object.values(manifest));
  const rows = [];
  for (const file of await listFiles(outDir)) {
    if (file.endsWith(".LEGAL.txt") || file === "manifest.json") continue;
    const bytes = await fs.readFile(path.join(outDir, file));
    const gzip = zlib.gzipSync(bytes, { level: 9 }).length;
    rows.push([file, bytes.length, gzip, entries.has(file) ? "  (entry)" : ""]);
  }
  const width = Math.max(...rows.map(([file]) => file.length));
  console.log(`${"file".padEnd(width)}  ${"raw".padStart(10)}  ${"gzip".padStart(10)}`);
  for (const [file, raw, gzip, note] of rows) {
    const sizes = `${formatBytes(raw).padStart(10)}  ${formatBytes(gzip).padStart(10)}`;
    console.log(`${file.padEnd(width)}  ${sizes}${note}`);
  }
}

async function main() {
  const { out } = parseCommandLine(process.argv.slice(2));
  const esbuild = await loadEsbuild();
  for (const source of Object.values(ENTRY_POINTS)) {
    await assertReadable(source, "the theme's entry point is gone.");
  }
  // Build beside the old output and swap at the end: a failed build leaves the previous one
  // whole, and a successful one leaves no stale file behind.
  const staging = `${out}.tmp-${process.pid}`;
  const retired = `${out}.old-${process.pid}`;
  await fs.rm(staging, { recursive: true, force: true });
  try {
    const staticDir = path.join(staging, "static");
    const themeDir = path.join(staging, PUBLIC_DIR);
    await fs.mkdir(themeDir, { recursive: true });
    const manifest = await buildBundles(esbuild, staticDir, themeDir);
    const sorted = Object.fromEntries(
      Object.entries(manifest).sort(([a], [b]) => (a < b ? -1 : 1)),
    );
    await fs.writeFile(path.join(staging, "manifest.json"), `${JSON.stringify(sorted, null, 2)}\n`);
    await fs.mkdir(path.dirname(out), { recursive: true });
    const hadOld = await fs.rename(out, retired).then(
      () => true,
      (error) => {
        if (error.code === "ENOENT") return false;
        throw error;
      },
    );
    await fs.rename(staging, out);
    if (hadOld) await fs.rm(retired, { recursive: true, force: true });
    console.log(`Theme built into ${path.relative(process.cwd(), out) || "."}`);
    await printSizes(out, sorted);
  } catch (error) {
    await fs.rm(staging, { recursive: true, force: true });
    throw error;
  }
}

main().catch((error) => {
  if (error instanceof BuildError) {
    console.error(`theme build failed: ${error.message}`);
  } else if (Array.isArray(error?.errors) && error.errors.length) {
    // esbuild's own failure: one line per problem, with the file and line it points at.
    console.error("theme build failed:");
    const shown = 20;
    for (const problem of error.errors.slice(0, shown)) {
      const where = problem.location
        ? `${problem.location.file}:${problem.location.line}:${problem.location.column}: `
        : "";
      console.error(`  ${where}${problem.text}`);
    }
    if (error.errors.length > shown) console.error(`  ... and ${error.errors.length - shown} more`);
  } else {
    console.error(`theme build failed: ${error?.stack ?? error}`);
  }
  process.exit(1);
});
