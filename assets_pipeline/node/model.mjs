/**
 * The Node half of the 3D-model pipeline (assets_pipeline/models3d/ drives it).
 *
 *   node model.mjs validate JOB.json   glTF-Validator's report of one asset
 *   node model.mjs prepare  JOB.json   geometry optimised, textures written out for Python
 *   node model.mjs finish   JOB.json   re-encoded textures in, meshopt, validate, measure
 *   node model.mjs measure  JOB.json   validator report and deviation of any output
 *
 * JOB.json holds the paths and options; the answer is one JSON object on stdout. The
 * Python side has already refused external URIs, absurd counts and oversized textures,
 * runs this with a timeout and `--max-old-space-size`, and never lets it see the network:
 * NodeIO is used without network access and the validator's resources come only from the
 * job's own folder.
 */
import * as fs from "node:fs/promises";
import * as path from "node:path";

import { NodeIO } from "@gltf-transform/core";
import { ALL_EXTENSIONS, EXTMeshoptCompression, EXTTextureWebP } from "@gltf-transform/extensions";
import {
  dedup,
  flatten,
  getTextureChannelMask,
  getTextureColorSpace,
  instance,
  join,
  listTextureSlots,
  prune,
  QUANTIZE_DEFAULTS,
  quantize,
  reorder,
  resample,
  simplify,
  sparse,
  weld,
} from "@gltf-transform/functions";
import validator from "gltf-validator";
import { MeshoptDecoder, MeshoptEncoder, MeshoptSimplifier } from "meshoptimizer";

const MAX_MESSAGES = 8;

// stdout carries the one JSON answer; the libraries' progress messages go to stderr.
console.log = console.info = console.debug = (...parts) => {
  process.stderr.write(`${parts.join(" ")}\n`);
};

async function makeIO() {
  await Promise.all([MeshoptDecoder.ready, MeshoptEncoder.ready, MeshoptSimplifier.ready]);
  return new NodeIO()
    .registerExtensions(ALL_EXTENSIONS)
    .registerDependencies({ "meshopt.decoder": MeshoptDecoder, "meshopt.encoder": MeshoptEncoder });
}

/** A resource of a glTF in `root`, by relative URI; never outside it, never a scheme. */
async function readInside(root, uri) {
  if (/^[a-z][a-z0-9+.-]*:/i.test(uri) || uri.startsWith("/") || uri.includes("\\")) {
    throw new Error(`refused URI ${uri}`);
  }
  const full = path.resolve(root, decodeURIComponent(uri));
  if (!full.startsWith(path.resolve(root) + path.sep)) throw new Error(`refused URI ${uri}`);
  return new Uint8Array(await fs.readFile(full));
}

async function validate(file) {
  const bytes = new Uint8Array(await fs.readFile(file));
  const root = path.dirname(file);
  const report = await validator.validateBytes(bytes, {
    uri: path.basename(file),
    maxIssues: 200,
    writeTimestamp: false,
    externalResourceFunction: (uri) => readInside(root, uri),
  });
  const issues = report.issues ?? {};
  const messages = (issues.messages ?? [])
    .filter((m) => m.severity === 0)
    .slice(0, MAX_MESSAGES)
    .map((m) => `${m.code}${m.pointer ? ` at ${m.pointer}` : ""}: ${m.message}`);
  const info = report.info ?? {};
  const images = (info.resources ?? [])
    .filter((r) => r.image)
    .map((r) => ({ width: r.image.width, height: r.image.height, mimeType: r.mimeType }));
  return {
    errors: issues.numErrors ?? 0,
    warnings: issues.numWarnings ?? 0,
    messages,
    vertices: info.totalVertexCount ?? 0,
    triangles: info.totalTriangleCount ?? 0,
    drawCalls: info.drawCallCount ?? 0,
    animations: info.animationCount ?? 0,
    materials: info.materialCount ?? 0,
    extensions: info.extensionsUsed ?? [],
    images,
  };
}

/** Geometry optimised (the same steps as `gltf-transform optimize`, without palette
 * textures, which would merge materials), quantized for meshopt, textures written out. */
async function prepare(job) {
  const io = await makeIO();
  const document = await io.read(job.input);
  await document.transform(
    dedup(),
    instance({ min: 5 }),
    flatten(),
    join({ keepNamed: false, keepMeshes: false }),
    weld(),
    simplify({ simplifier: MeshoptSimplifier, error: job.simplifyError, ratio: 0, lockBorder: false }),
    resample(),
    prune({ keepAttributes: false, keepIndices: false, keepLeaves: false, keepSolidTextures: false }),
    sparse(),
    // What meshopt({level: "high"}) does before compressing: vertex order for the codec,
    // positions and texture coordinates quantized, normals to 8 bits (octahedral filter).
    reorder({ encoder: MeshoptEncoder, target: "size" }),
    quantize({
      ...QUANTIZE_DEFAULTS,
      pattern: /^(POSITION|TEXCOORD|JOINTS|WEIGHTS|COLOR)(_\d+)?$/,
      patternTargets: /^(POSITION|TEXCOORD|JOINTS|WEIGHTS|COLOR|NORMAL|TANGENT)(_\d+)?$/,
      quantizeNormal: 8,
    }),
  );
  await fs.mkdir(job.textureDir, { recursive: true });
  const textures = [];
  for (const [index, texture] of document.getRoot().listTextures().entries()) {
    const mimeType = texture.getMimeType();
    const extension = { "image/png": "png", "image/jpeg": "jpg", "image/webp": "webp" }[mimeType];
    const entry = {
      index,
      mimeType,
      slots: listTextureSlots(texture),
      channels: getTextureChannelMask(texture),
      colorSpace: getTextureColorSpace(texture) ?? "linear",
      file: null,
    };
    if (extension && texture.getImage()) {
      entry.file = path.join(job.textureDir, `texture-${index}.${extension}`);
      await fs.writeFile(entry.file, texture.getImage());
    }
    textures.push(entry);
  }
  await fs.writeFile(job.output, await io.writeBinary(document));
  return { textures };
}

/** Re-encoded textures in, meshopt compression, the output validated and measured. */
async function finish(job) {
  const io = await makeIO();
  const document = await io.read(job.input);
  const textures = document.getRoot().listTextures();
  let webp = false;
  for (const [index, replacement] of Object.entries(job.textures)) {
    const texture = textures[Number(index)];
    texture.setImage(new Uint8Array(await fs.readFile(replacement.file)));
    texture.setMimeType(replacement.mimeType).setURI("");
    webp ||= replacement.mimeType === "image/webp";
  }
  if (webp) document.createExtension(EXTTextureWebP).setRequired(true);
  document
    .createExtension(EXTMeshoptCompression)
    .setRequired(true)
    .setEncoderOptions({ method: EXTMeshoptCompression.EncoderMethod.FILTER });
  await fs.writeFile(job.output, await io.writeBinary(document));

  const report = await validate(job.output);
  const source = await io.read(job.source);
  const output = await io.read(job.output);
  report.deviation = deviation(source, output, job.samples ?? 200_000);
  return report;
}

// --- geometric deviation -------------------------------------------------------------------
//
// World-space triangles of the default scene at rest (node transforms; skinned meshes posed
// by their joints' rest transforms and inverse bind matrices). For every triangle vertex of
// one model, the distance to the nearest point on the other's surface (triangles found
// through a uniform grid), in both directions; reported as the maximum and the 99th
// percentile, relative to the source's bounding-box diagonal.

function multiply(a, b) {
  const out = new Array(16);
  for (let col = 0; col < 4; col++) {
    for (let row = 0; row < 4; row++) {
      let sum = 0;
      for (let k = 0; k < 4; k++) sum += a[k * 4 + row] * b[col * 4 + k];
      out[col * 4 + row] = sum;
    }
  }
  return out;
}

function transformPoint(m, x, y, z) {
  return [
    m[0] * x + m[4] * y + m[8] * z + m[12],
    m[1] * x + m[5] * y + m[9] * z + m[13],
    m[2] * x + m[6] * y + m[10] * z + m[14],
  ];
}

/** {positions: Float64Array (xyz per vertex), triangles: Uint32Array} of a document. */
function worldTriangles(document) {
  const root = document.getRoot();
  const scene = root.getDefaultScene() ?? root.listScenes()[0];
  const positions = [];
  const triangles = [];
  let base = 0;
  const nodes = [];
  scene?.traverse((node) => nodes.push(node));
  for (const node of nodes) {
    const mesh = node.getMesh();
    if (!mesh) continue;
    const world = node.getWorldMatrix();
    const skin = node.getSkin();
    const jointMatrices = skin
      ? skin.listJoints().map((joint, j) => {
          const ibm = skin.getInverseBindMatrices();
          const inverse = ibm ? ibm.getElement(j, []) : [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];
          return multiply(joint.getWorldMatrix(), inverse);
        })
      : null;
    for (const primitive of mesh.listPrimitives()) {
      if (primitive.getMode() !== 4) continue; // triangles only
      const position = primitive.getAttribute("POSITION");
      if (!position) continue;
      const joints = jointMatrices && primitive.getAttribute("JOINTS_0");
      const weights = jointMatrices && primitive.getAttribute("WEIGHTS_0");
      const count = position.getCount();
      const p = [];
      const jv = [];
      const wv = [];
      for (let i = 0; i < count; i++) {
        position.getElement(i, p);
        let point;
        if (joints && weights) {
          joints.getElement(i, jv);
          weights.getElement(i, wv);
          point = [0, 0, 0];
          let total = 0;
          for (let k = 0; k < 4; k++) {
            if (!wv[k]) continue;
            const q = transformPoint(jointMatrices[jv[k]], p[0], p[1], p[2]);
            point[0] += wv[k] * q[0];
            point[1] += wv[k] * q[1];
            point[2] += wv[k] * q[2];
            total += wv[k];
          }
          if (total > 0) point = point.map((v) => v / total);
        } else {
          point = transformPoint(world, p[0], p[1], p[2]);
        }
        positions.push(point[0], point[1], point[2]);
      }
      const indices = primitive.getIndices();
      const n = indices ? indices.getCount() : count;
      for (let i = 0; i + 2 < n; i += 3) {
        for (let k = 0; k < 3; k++) triangles.push(base + (indices ? indices.getScalar(i + k) : i + k));
      }
      base += count;
    }
  }
  return { positions: Float64Array.from(positions), triangles: Uint32Array.from(triangles) };
}

function bounds(positions) {
  const min = [Infinity, Infinity, Infinity];
  const max = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < positions.length; i += 3) {
    for (let k = 0; k < 3; k++) {
      min[k] = Math.min(min[k], positions[i + k]);
      max[k] = Math.max(max[k], positions[i + k]);
    }
  }
  return { min, max };
}

/** Squared distance from p to triangle abc (Ericson, Real-Time Collision Detection 5.1.5). */
function pointTriangle2(px, py, pz, P, a, b, c) {
  const ax = P[a], ay = P[a + 1], az = P[a + 2];
  const abx = P[b] - ax, aby = P[b + 1] - ay, abz = P[b + 2] - az;
  const acx = P[c] - ax, acy = P[c + 1] - ay, acz = P[c + 2] - az;
  const apx = px - ax, apy = py - ay, apz = pz - az;
  const d1 = abx * apx + aby * apy + abz * apz;
  const d2 = acx * apx + acy * apy + acz * apz;
  let qx, qy, qz;
  if (d1 <= 0 && d2 <= 0) {
    qx = ax; qy = ay; qz = az;
  } else {
    const bpx = px - P[b], bpy = py - P[b + 1], bpz = pz - P[b + 2];
    const d3 = abx * bpx + aby * bpy + abz * bpz;
    const d4 = acx * bpx + acy * bpy + acz * bpz;
    const cpx = px - P[c], cpy = py - P[c + 1], cpz = pz - P[c + 2];
    const d5 = abx * cpx + aby * cpy + abz * cpz;
    const d6 = acx * cpx + acy * cpy + acz * cpz;
    const vc = d1 * d4 - d3 * d2;
    const vb = d5 * d2 - d1 * d6;
    const va = d3 * d6 - d5 * d4;
    if (d3 >= 0 && d4 <= d3) {
      qx = P[b]; qy = P[b + 1]; qz = P[b + 2];
    } else if (d6 >= 0 && d5 <= d6) {
      qx = P[c]; qy = P[c + 1]; qz = P[c + 2];
    } else if (vc <= 0 && d1 >= 0 && d3 <= 0) {
      const v = d1 / (d1 - d3 || 1);
      qx = ax + v * abx; qy = ay + v * aby; qz = az + v * abz;
    } else if (vb <= 0 && d2 >= 0 && d6 <= 0) {
      const w = d2 / (d2 - d6 || 1);
      qx = ax + w * acx; qy = ay + w * acy; qz = az + w * acz;
    } else if (va <= 0 && d4 - d3 >= 0 && d5 - d6 >= 0) {
      const w = (d4 - d3) / (d4 - d3 + (d5 - d6) || 1);
      qx = P[b] + w * (P[c] - P[b]); qy = P[b + 1] + w * (P[c + 1] - P[b + 1]); qz = P[b + 2] + w * (P[c + 2] - P[b + 2]);
    } else {
      const denom = 1 / (va + vb + vc || 1);
      const v = vb * denom;
      const w = vc * denom;
      qx = ax + abx * v + acx * w; qy = ay + aby * v + acy * w; qz = az + abz * v + acz * w;
    }
  }
  const dx = px - qx, dy = py - qy, dz = pz - qz;
  return dx * dx + dy * dy + dz * dz;
}

/** A uniform grid over the triangles of `mesh`, answering nearest-surface distances. */
function surfaceIndex(mesh) {
  const { positions: P, triangles: T } = mesh;
  const { min, max } = bounds(P);
  const count = T.length / 3;
  const extent = Math.max(max[0] - min[0], max[1] - min[1], max[2] - min[2]) || 1;
  const cells = Math.max(1, Math.min(96, Math.round(Math.cbrt(count) * 1.5)));
  const size = extent / cells;
  const dims = [0, 1, 2].map((k) => Math.max(1, Math.ceil((max[k] - min[k]) / size) + 1));
  const cellOf = (v, k) => Math.min(dims[k] - 1, Math.max(0, Math.floor((v - min[k]) / size)));
  const buckets = new Map();
  for (let t = 0; t < count; t++) {
    const lo = [Infinity, Infinity, Infinity];
    const hi = [-Infinity, -Infinity, -Infinity];
    for (let c = 0; c < 3; c++) {
      const v = T[t * 3 + c] * 3;
      for (let k = 0; k < 3; k++) {
        lo[k] = Math.min(lo[k], P[v + k]);
        hi[k] = Math.max(hi[k], P[v + k]);
      }
    }
    for (let x = cellOf(lo[0], 0); x <= cellOf(hi[0], 0); x++) {
      for (let y = cellOf(lo[1], 1); y <= cellOf(hi[1], 1); y++) {
        for (let z = cellOf(lo[2], 2); z <= cellOf(hi[2], 2); z++) {
          const key = (x * dims[1] + y) * dims[2] + z;
          let bucket = buckets.get(key);
          if (!bucket) buckets.set(key, (bucket = []));
          bucket.push(t);
        }
      }
    }
  }
  const maxRing = Math.max(...dims);
  return function nearest(px, py, pz) {
    const cx = cellOf(px, 0), cy = cellOf(py, 1), cz = cellOf(pz, 2);
    let best = Infinity;
    for (let ring = 0; ring <= maxRing; ring++) {
      for (let x = cx - ring; x <= cx + ring; x++) {
        if (x < 0 || x >= dims[0]) continue;
        for (let y = cy - ring; y <= cy + ring; y++) {
          if (y < 0 || y >= dims[1]) continue;
          for (let z = cz - ring; z <= cz + ring; z++) {
            if (z < 0 || z >= dims[2]) continue;
            if (Math.max(Math.abs(x - cx), Math.abs(y - cy), Math.abs(z - cz)) !== ring) continue;
            const bucket = buckets.get((x * dims[1] + y) * dims[2] + z);
            if (!bucket) continue;
            for (const t of bucket) {
              const d = pointTriangle2(px, py, pz, P, T[t * 3] * 3, T[t * 3 + 1] * 3, T[t * 3 + 2] * 3);
              if (d < best) best = d;
            }
          }
        }
      }
      // Every triangle within `ring * size` of the point has been seen.
      if (best <= (ring * size) ** 2) break;
    }
    return Math.sqrt(best);
  };
}

function oneWay(from, to, samples, out) {
  if (!to.triangles.length) return;
  const nearest = surfaceIndex(to);
  const used = new Uint8Array(from.positions.length / 3);
  for (const v of from.triangles) used[v] = 1;
  const vertices = [];
  for (let v = 0; v < used.length; v++) if (used[v]) vertices.push(v);
  const step = Math.max(1, vertices.length / samples);
  for (let i = 0; i < vertices.length; i += step) {
    const v = vertices[Math.floor(i)] * 3;
    out.push(nearest(from.positions[v], from.positions[v + 1], from.positions[v + 2]));
  }
}

function deviation(sourceDocument, outputDocument, samples) {
  const source = worldTriangles(sourceDocument);
  const output = worldTriangles(outputDocument);
  if (!source.triangles.length) return { max: 0, p99: 0, diagonal: 0, samples: 0 };
  const { min, max } = bounds(source.positions);
  const diagonal = Math.hypot(max[0] - min[0], max[1] - min[1], max[2] - min[2]) || 1;
  if (!output.triangles.length) return { max: 1, p99: 1, diagonal, samples: 0 };
  const distances = [];
  oneWay(source, output, samples / 2, distances);
  oneWay(output, source, samples / 2, distances);
  const sorted = Float64Array.from(distances).sort();
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] / diagonal;
  return { max: sorted[sorted.length - 1] / diagonal, p99: at(0.99), diagonal, samples: sorted.length };
}

// --- entry point ---------------------------------------------------------------------------

/** An output against its source (the benchmark measures other tools' outputs with it). */
async function measure(job) {
  const io = await makeIO();
  const report = await validate(job.output);
  report.deviation = deviation(await io.read(job.source), await io.read(job.output), job.samples ?? 200_000);
  return report;
}

const COMMANDS = {
  validate: (job) => validate(job.input),
  measure,
  prepare,
  finish,
};

async function main() {
  const [command, jobFile] = process.argv.slice(2);
  if (!COMMANDS[command] || !jobFile) {
    throw new Error("usage: node model.mjs validate|prepare|finish|measure JOB.json");
  }
  const job = JSON.parse(await fs.readFile(jobFile, "utf8"));
  const result = await COMMANDS[command](job);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
