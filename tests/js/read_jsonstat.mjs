// Reads JSON-stat with JSON-stat's own JavaScript Toolkit (npm jsonstat-toolkit), as a
// client would, and prints what it saw as one JSON object per input on standard output.
// Usage: node read_jsonstat.mjs TOOLKIT_DIR FILE_OR_URL...  (a collection's items are
// fetched by their href, so a collection is given by its URL)
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import path from "node:path";

const [toolkitDir, ...inputs] = process.argv.slice(2);
const require = createRequire(path.resolve(toolkitDir, "package.json"));
const JSONstat = require(path.resolve(toolkitDir, "main.cjs"));

function dataset(j) {
  const ids = j.id;
  return {
    class: j.class,
    label: j.label,
    id: ids,
    size: j.size,
    n: j.n,
    value: j.value,
    status: ids ? j.Data().map((d) => d.status) : null,
    roles: j.role,
    categories: ids.map((id) => j.Dimension(id).id),
    units: j.Dimension("MEASURE").id.map((c) => j.Dimension("MEASURE").Category(c).unit),
  };
}

async function read(input) {
  if (/^https?:/.test(input)) {
    const j = await JSONstat(input);
    if (j.class !== "collection") return dataset(j);
    const items = [];
    for (let i = 0; i < j.length; i++) {
      const item = j.Item(i);
      items.push(dataset(await JSONstat(item.href)));
    }
    return { class: "collection", label: j.label, length: j.length, items };
  }
  return dataset(JSONstat(JSON.parse(readFileSync(input, "utf8"))));
}

const out = [];
for (const input of inputs) out.push(await read(input));
process.stdout.write(JSON.stringify(out));
