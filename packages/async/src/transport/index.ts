// @telepot/async/transport: the HTTP layer on its own, for drivers that run it elsewhere (the
// blocking package's worker thread).
export { networkFault } from "./faults.js";
export { type MultipartStream, multipartStream } from "./multipart.js";
export type { DownloadReply, SendOptions, Transport, TransportReply } from "./types.js";
export { DEFAULT_API_ROOT, preloadUndici, UndiciTransport, type UndiciTransportOptions } from "./undici.js";
