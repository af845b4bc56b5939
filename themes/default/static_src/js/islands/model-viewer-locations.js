/**
 * Where <model-viewer> fetches its optional decoders: from this release, never from the
 * Google and jsDelivr hosts it uses by default (ARCHITECTURE property 5; many buyers are in
 * China). It reads `self.ModelViewerElement` when each element is constructed, so this
 * module must run before @google/model-viewer defines the element: model-viewer.js imports
 * it first. The decoder files are copied by themes/default/build.mjs into hashed
 * directories beside the chunks.
 */
import { basis, draco, meshopt } from "theme:decoders";

const here = (relative) => new URL(relative, import.meta.url).href;

self.ModelViewerElement = Object.assign(self.ModelViewerElement || {}, {
  dracoDecoderLocation: here(draco),
  ktx2TranscoderLocation: here(basis),
  // The asset pipeline compresses every model's geometry with EXT_meshopt_compression;
  // model-viewer 4.4 has no default for this one, so without it such models fail to load.
  meshoptDecoderLocation: here(`${meshopt}meshopt_decoder.js`),
  // Lottie textures are not part of our 3D block; if a model ever asks for one it fails
  // here instead of fetching a loader from a CDN.
  lottieLoaderLocation:
    "data:text/javascript,export class LottieLoader{constructor(){" +
    "throw new Error('Lottie textures are not served by this site')}}",
});
