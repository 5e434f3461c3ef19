import type { FieldForm } from "./edit.js";
import { GitOpsError } from "./errors.js";
import { splitImageName } from "./imageName.js";
import { parseReference, parseVersionText, referenceText, versionText, type ImageVersion, type ObservedImage } from "./imageRef.js";

/** The text a field of the given form should hold for `image`. */
export function textForForm(form: FieldForm, image: ImageVersion, where: string): string {
  switch (form) {
    case "reference":
      return referenceText(image);
    case "name":
      return image.name;
    case "version":
      return versionText(image);
    case "tag":
      if (image.tag === undefined) throw new GitOpsError("invalid-edit", `${where} holds a tag, but the edit for ${image.name} has only a digest.`);
      return image.tag;
    case "digest":
      if (image.digest === undefined) throw new GitOpsError("invalid-edit", `${where} holds a digest, but the edit for ${image.name} has only a tag.`);
      return image.digest;
    case "registry": {
      const { registry } = splitImageName(image.name);
      if (registry === undefined) throw new GitOpsError("invalid-edit", `${where} holds a registry, but the image name ${image.name} names none (write it as registry/path).`);
      return registry;
    }
    case "repository":
      return splitImageName(image.name).repository;
  }
}

/** What a field of the given form says about the image it names. */
export function observeForm(form: FieldForm, text: string): ObservedImage {
  switch (form) {
    case "reference":
      return parseReference(text);
    case "name":
      return { name: text };
    case "version":
      return parseVersionText(text);
    case "tag":
      return { tag: text };
    case "digest":
      return { digest: text };
    case "repository":
      return { name: text };
    case "registry":
      return {}; // only meaningful with its repository: the values editor joins the two
  }
}
