// Vision: labelled images with class names from the ClassLabel, and the cookbook's per-class few-shot sample.
import { load } from "@crucible/datasets";
import { sampleFewShot } from "@crucible/vision";
import { check, withHub } from "./hub.mjs";

await withHub(async (hub) => {
  const train = await load("caltech101", { ...hub, split: "train" }); // Dataset<ImageExample>
  const img = train.at(0);
  console.log(
    `caltech101 train: ${train.length} images; first: ${img.image.format} ${img.image.width}×${img.image.height} "${img.className}"`,
  );
  const fewShot = sampleFewShot(train, 1); // one image per class, drawn with random.Random(0) as the cookbook does
  const classes = new Set(fewShot.toArray().map((x) => x.label));
  console.log(`one per class: ${fewShot.length} images over ${classes.size} classes`);
  check(fewShot.length === classes.size, "one image per class");
  check(img.image.bytes.byteLength > 0 && img.image.width > 0, "image bytes and size are read");
});
