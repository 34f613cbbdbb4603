// Stored files: uploads, with the file_id and file_unique_id Telegram would issue and the path the
// /file/bot<token>/<path> download serves them under.
import { createHash, randomBytes } from "node:crypto";
import { badRequest } from "../errors.js";
import type { Upload } from "../spec/upload.js";

/** A stored file. */
export interface StoredFile {
  fileId: string;
  uniqueId: string;
  path: string;
  data: Uint8Array;
  filename: string;
  contentType: string;
  /** Where a file sent by URL came from (the emulator does not fetch it). */
  url?: string;
  /**
   * The bots that may download the file: those that sent it or received a message with it, as on
   * Telegram, where a file belongs to the bot that saw it. Absent (older snapshots): every bot.
   */
  owners?: number[];
  /** For another size of a photo: the file_id of the original, whose bytes it serves. */
  variantOf?: string;
}

const FOLDERS: Record<string, string> = {
  photo: "photos",
  audio: "music",
  document: "documents",
  video: "videos",
  animation: "animations",
  voice: "voice",
  video_note: "video_notes",
  sticker: "stickers",
  thumbnail: "thumbnails",
};

/** All files the emulator holds, by file_id. */
export class FileStore {
  private readonly files = new Map<string, StoredFile>();
  /** file_id by download path, so a download does not search every file. */
  private readonly paths = new Map<string, string>();
  private counter = 0;

  /** Stores an upload of a kind (photo, document...) and returns its record. */
  add(kind: string, upload: Upload): StoredFile {
    const n = ++this.counter;
    const ext = /\.[A-Za-z0-9]{1,8}$/.exec(upload.filename)?.[0] ?? "";
    const record: StoredFile = {
      fileId: `${kind.slice(0, 2).toUpperCase()}AC${randomBytes(18).toString("base64url")}`,
      uniqueId: `AQAD${createHash("sha256").update(upload.data).digest("base64url").slice(0, 12)}${n}`,
      path: `${FOLDERS[kind] ?? "documents"}/file_${n}${ext}`,
      data: upload.data,
      filename: upload.filename,
      contentType: upload.contentType,
      owners: [],
    };
    this.files.set(record.fileId, record);
    this.paths.set(record.path, record.fileId);
    return record;
  }

  /**
   * Another stored size of a photo (Telegram keeps a photo in several sizes, each with its own
   * file_id); the emulator does not scale images, so every size serves the original bytes.
   * The same label of the same file gives the same record.
   */
  variant(file: StoredFile, label: string): StoredFile {
    const fileId = `${file.fileId}_${label}`;
    const known = this.files.get(fileId);
    if (known) return known;
    const record: StoredFile = {
      ...file,
      fileId,
      uniqueId: `${file.uniqueId}${label}`,
      path: file.path.replace(/(\.[A-Za-z0-9]{1,8})?$/, `_${label}$1`),
      variantOf: file.fileId,
    };
    this.files.set(fileId, record);
    this.paths.set(record.path, fileId);
    return record;
  }

  /** The file a file_id names, or a 400 as Telegram answers a bad one. */
  get(fileId: string): StoredFile {
    const file = this.files.get(fileId);
    if (!file) throw badRequest("wrong file identifier/HTTP URL specified");
    return file;
  }

  /** The file a file_id names, if any. */
  find(fileId: string): StoredFile | undefined {
    return this.files.get(fileId);
  }

  /** The file a download path names, if any. */
  byPath(path: string): StoredFile | undefined {
    const id = this.paths.get(path);
    return id === undefined ? undefined : this.files.get(id);
  }

  /** Lets a bot download a file (it sent the file or received it). */
  grant(fileId: string, botId: number): void {
    const owners = this.files.get(fileId)?.owners;
    if (owners && !owners.includes(botId)) owners.push(botId);
  }

  /** Whether a bot may download a file. */
  mayDownload(file: StoredFile, botId: number): boolean {
    return !file.owners || file.owners.includes(botId);
  }

  /**
   * Resolves what a send method got for a file parameter: an upload is stored, a known file_id is
   * reused, an http(s) URL becomes an empty file that remembers the URL.
   */
  resolve(kind: string, value: unknown): StoredFile {
    if (typeof value === "string") {
      if (/^https?:\/\//i.test(value)) {
        const name = decodeURIComponent(new URL(value).pathname.split("/").pop() || "file");
        const record = this.add(kind, {
          kind: "upload",
          data: new Uint8Array(),
          filename: name,
          contentType: "",
        });
        record.url = value;
        return record;
      }
      return this.get(value);
    }
    return this.add(kind, value as Upload);
  }

  /** Every stored file (for snapshots). */
  all(): StoredFile[] {
    return [...this.files.values()];
  }

  /** Puts back a file from a snapshot. */
  restore(file: StoredFile): void {
    this.files.set(file.fileId, file);
    this.paths.set(file.path, file.fileId);
    this.counter = Math.max(this.counter, this.files.size);
  }
}

/** Width and height of a PNG, JPEG, GIF or WebP image, when the header tells them. */
export function imageSize(data: Uint8Array): { width: number; height: number } | undefined {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  if (data.length >= 24 && data[0] === 0x89 && data[1] === 0x50)
    return { width: view.getUint32(16), height: view.getUint32(20) };
  if (data.length >= 10 && data[0] === 0x47 && data[1] === 0x49)
    return { width: view.getUint16(6, true), height: view.getUint16(8, true) };
  if (data.length >= 4 && data[0] === 0xff && data[1] === 0xd8) {
    let i = 2;
    while (i + 9 < data.length && data[i] === 0xff) {
      const marker = data[i + 1] as number;
      const length = view.getUint16(i + 2);
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { height: view.getUint16(i + 5), width: view.getUint16(i + 7) };
      }
      i += 2 + length;
    }
  }
  return undefined;
}
