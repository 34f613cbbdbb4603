// The Message content for a file sent with a send method or an InputMedia: the stored file turned
// into a PhotoSize list, Document, Audio, Video... with what the bot said about it.
import { synthesizeObject } from "../spec/synthesize.js";
import { imageSize, type StoredFile } from "../state/files.js";
import type { World } from "../state/world.js";

/** The media kinds a file can be sent as (the send method's file parameter). */
export const MEDIA_KINDS = [
  "photo",
  "audio",
  "document",
  "video",
  "animation",
  "voice",
  "video_note",
  "sticker",
] as const;

/** One of MEDIA_KINDS. */
export type MediaKind = (typeof MEDIA_KINDS)[number];

const TYPE_OF: Record<MediaKind, string> = {
  photo: "PhotoSize",
  audio: "Audio",
  document: "Document",
  video: "Video",
  animation: "Animation",
  voice: "Voice",
  video_note: "VideoNote",
  sticker: "Sticker",
};

const DEFAULT_MIME: Partial<Record<MediaKind, string>> = {
  audio: "audio/mpeg",
  video: "video/mp4",
  animation: "video/mp4",
  voice: "audio/ogg",
  document: "application/octet-stream",
};

/** The Message fields for a file of `kind`, with the optional details in `details` (duration, title...). */
export function mediaContent(
  world: World,
  kind: MediaKind,
  value: unknown,
  details: Record<string, unknown>,
): Record<string, unknown> {
  const file = world.files.resolve(kind, value);
  const size = imageSize(file.data);
  const base: Record<string, unknown> = {
    file_id: file.fileId,
    file_unique_id: file.uniqueId,
    ...(file.data.length > 0 ? { file_size: file.data.length } : {}),
  };
  const dims = {
    width: (details.width as number) ?? size?.width ?? 0,
    height: (details.height as number) ?? size?.height ?? 0,
  };
  const named = {
    ...(file.filename ? { file_name: file.filename } : {}),
    mime_type: file.contentType || DEFAULT_MIME[kind] || "application/octet-stream",
  };
  const thumb =
    details.thumbnail !== undefined
      ? { thumbnail: photoSize(world.files.resolve("thumbnail", details.thumbnail)) }
      : {};
  const duration = { duration: (details.duration as number) ?? 0 };
  switch (kind) {
    case "photo":
      return { photo: photoSizes(world, file, dims) };
    case "document":
      return { document: synthesizeObject("Document", { ...base, ...thumb, ...named }) };
    case "audio":
      return {
        audio: synthesizeObject("Audio", {
          ...base,
          ...duration,
          ...pick(details, ["performer", "title"]),
          ...named,
          ...thumb,
        }),
      };
    case "video":
      return { video: synthesizeObject("Video", { ...base, ...dims, ...duration, ...thumb, ...named }) };
    case "animation": {
      const animation = synthesizeObject("Animation", { ...base, ...dims, ...duration, ...thumb, ...named });
      return { animation, document: synthesizeObject("Document", { ...base, ...thumb, ...named }) };
    }
    case "voice":
      return { voice: synthesizeObject("Voice", { ...base, ...duration, mime_type: named.mime_type }) };
    case "video_note":
      return {
        video_note: synthesizeObject("VideoNote", {
          ...base,
          length: (details.length as number) ?? dims.width,
          ...duration,
          ...thumb,
        }),
      };
    case "sticker":
      return {
        sticker: synthesizeObject("Sticker", {
          ...base,
          type: "regular",
          width: size?.width ?? 512,
          height: size?.height ?? 512,
          is_animated: false,
          is_video: false,
          ...pick(details, ["emoji"]),
        }),
      };
  }
  return { [kind]: synthesizeObject(TYPE_OF[kind], base) };
}

/** The longest side of each size Telegram keeps of a photo, with the size's letter. */
const PHOTO_SIZES: readonly [string, number][] = [
  ["s", 90],
  ["m", 320],
  ["x", 800],
  ["y", 1280],
  ["w", 2560],
];

/**
 * A photo's PhotoSize list as Telegram makes it: a size for each of 90/320/800/1280 on the long side
 * that is smaller than the original, then the original itself (at most 2560), smallest first.
 */
function photoSizes(world: World, file: StoredFile, dims: { width: number; height: number }) {
  const long = Math.max(dims.width, dims.height);
  const entry = (f: StoredFile, width: number, height: number) =>
    synthesizeObject("PhotoSize", {
      file_id: f.fileId,
      file_unique_id: f.uniqueId,
      ...(f.data.length > 0 ? { file_size: f.data.length } : {}),
      width,
      height,
    });
  if (long === 0) return [entry(file, 0, 0)];
  const scaled = (side: number) => {
    const ratio = Math.min(1, side / long);
    return [
      Math.max(1, Math.round(dims.width * ratio)),
      Math.max(1, Math.round(dims.height * ratio)),
    ] as const;
  };
  const sizes = PHOTO_SIZES.filter(([, side]) => side < long && side < 2560).map(([label, side]) => {
    const [width, height] = scaled(side);
    return entry(world.files.variant(file, label), width, height);
  });
  const [width, height] = scaled(2560);
  return [...sizes, entry(file, width, height)];
}

function photoSize(file: StoredFile): Record<string, unknown> {
  const size = imageSize(file.data);
  return {
    file_id: file.fileId,
    file_unique_id: file.uniqueId,
    width: size?.width ?? 0,
    height: size?.height ?? 0,
    file_size: file.data.length,
  };
}

/** The defined values of some keys of an object. */
export function pick(source: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (source[k] !== undefined) out[k] = source[k];
  return out;
}
