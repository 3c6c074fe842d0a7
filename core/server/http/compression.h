#pragma once
// gzip for text answers (RFC 9110 §8.4, §12.5.3), kept pure so tests can feed it headers and
// bodies. The dashboard's files are compressed once, when first served (httpapi.cpp); REST
// answers are compressed as they go out (HttpServer), and only when big enough to gain from it.
// WebSocket frames never are: one prepared frame goes to every client (docs/protocol.md).

#include "httpresponse.h"

#include <QByteArray>
#include <QByteArrayView>

namespace ziggie::compression {

// Smaller answers go out as they are: the gzip header and trailer (18 bytes) and the CPU are
// not worth it, and most of them (/health, one sample) fit one packet anyway.
constexpr qsizetype MinimumBytes = 1024;

// Whether an Accept-Encoding value lets us send gzip: `gzip` (or `x-gzip`) or `*` with a
// q-value above 0. An explicit `gzip;q=0` refuses it even when `*` is accepted. A missing
// header means nothing was asked for, and gets the answer as it is.
bool acceptsGzip(QByteArrayView acceptEncoding);
// The same for brotli (`br`), which the dashboard's files are also stored in: about 14 % smaller
// than gzip at its best for these files, paid once per run.
bool acceptsBrotli(QByteArrayView acceptEncoding);

// Brotli (RFC 7932) of `data` at the best quality, for text; empty if the encoder fails.
QByteArray brotli(QByteArrayView data);

// A complete gzip member (RFC 1952) of `data`; level 1 (fast) to 9 (small).
QByteArray gzip(QByteArrayView data, int level = 6);

// Text we may compress: HTML, CSS, JavaScript, JSON, CSV, SVG, the Prometheus text format.
bool isCompressible(QByteArrayView contentType);

// The last body compressed and its gzip: many clients asking the same range within a tick are
// answered with one body (one query), which is then compressed once, not once per client.
struct Memo
{
    QByteArray plain;
    QByteArray gzipped;
};

// What HttpServer does to an answer on its way out: text answers get `Vary: Accept-Encoding`;
// those of MinimumBytes or more are gzipped when `gzipAccepted` and it makes them smaller.
// An answer with an ETag names one representation (a dashboard file, compressed in advance
// by httpapi.cpp) and is left as it is.
void encodeAnswer(HttpResponse &response, bool gzipAccepted, Memo *memo = nullptr);

} // namespace ziggie::compression
