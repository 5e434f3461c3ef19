import { describe, expect, it } from "vitest";
import { PipelineConfigError } from "../../../shared/pipelines/config/errors.js";
import { createConfigLookup } from "../../../shared/pipelines/lookup.js";
import { readPipelines } from "../../../shared/pipelines/source/readPipelines.js";
import { load, MINIMAL } from "../problems.js";
import { TEST_TRUST as trust } from "../trust.js";

const noRepository = () => Promise.reject(new Error("no repository in this test"));
const readIngestPipelines = async (...args: Parameters<typeof readPipelines>) => (await readPipelines(...args)).pipelines;

describe("pipelines for ingestion", () => {
  it("looks images up in the loaded configuration", () => {
    const lookup = createConfigLookup(load(MINIMAL.replace("myacr.azurecr.io/web }", "myacr.azurecr.io/web, tags: { kind: semver, range: ^1.0.0 } }")));
    const { matches } = lookup.forImage({ registry: "MyACR.azurecr.io", repository: "WEB", tag: "1.2.0" });
    expect(matches.map((p) => [p.name, p.stages.length])).toEqual([["web", 4]]);
    expect(lookup.forImage({ registry: "myacr.azurecr.io", repository: "web", tag: "2.0.0" }).refusals).toEqual([{ pipeline: "web", reason: "version 2.0.0 is outside ^1.0.0" }]);
  });

  it("validates a version 1 file in BATON_PIPELINES and still reads the sources-only list there", async () => {
    await expect(readIngestPipelines({ inline: MINIMAL, trust }, noRepository)).resolves.toMatchObject([{ name: "web", stages: [{ name: "dev" }, {}, {}, {}] }]);
    await expect(readIngestPipelines({ inline: MINIMAL.replace("name: web", "name: WEB"), trust }, noRepository)).rejects.toThrow(PipelineConfigError);
    const legacy = JSON.stringify({ pipelines: [{ name: "old", source: { registry: "r.io", repository: "x" } }] });
    await expect(readIngestPipelines({ inline: legacy, trust }, noRepository)).resolves.toEqual([{ name: "old", source: { registry: "r.io", repository: "x", tags: { kind: "any" } } }]);
    await expect(readIngestPipelines({ trust }, noRepository)).resolves.toEqual([]);
  });

  it("names a missing local file and the setting", async () => {
    await expect(readIngestPipelines({ file: "/nonexistent/pipelines.yaml", trust }, noRepository)).rejects.toThrow("cannot read the pipelines file /nonexistent/pipelines.yaml (BATON_PIPELINES_FILE)");
  });
});
