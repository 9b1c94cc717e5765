// Image headers
export { imageInfo } from "./image-info.js";
export type { ImageFormat, ImageInfo } from "./image-info.js";

// Loaders
export {
  caltech101,
  flowers102,
  oxfordPets,
  stanfordCars,
  CALTECH101_REPO,
  FLOWERS102_REPO,
  OXFORD_PETS_REPO,
  STANFORD_CARS_REPO,
} from "./loaders/datasets.js";
export type { ImageDatasetOptions } from "./loaders/image-classification.js";

// Cookbook sampling and class names
export { cookbookClassName, sampleFewShot, shuffledIndices, subsamplePerClass } from "./sampling/sampling.js";
export type { ShuffledIndicesOptions, SubsampleOptions } from "./sampling/sampling.js";
