#include "compression.h"

#include <brotli/encode.h>
#include <zlib.h>

#include <algorithm>
#include <limits>
#include <optional>

namespace ziggie::compression {

namespace {

// A qvalue (RFC 9110 §12.4.2): 0 to 1 with up to three decimals; nothing for anything else.
std::optional<double> qValue(QByteArrayView text)
{
    bool ok = false;
    const double q = text.toByteArray().toDouble(&ok);
    if (!ok || !(q >= 0.0 && q <= 1.0) || text.size() > 5)
        return std::nullopt;
    return q;
}

} // namespace

namespace {
// Whether Accept-Encoding lets us send one of `names` (RFC 9110 §12.5.3).
bool accepts(QByteArrayView acceptEncoding, std::initializer_list<QByteArrayView> names)
{
    std::optional<double> gzipQ, anyQ;
    for (const QByteArray &element : acceptEncoding.toByteArray().split(',')) {
        const QList<QByteArray> parts = element.split(';');
        const QByteArray coding = parts.first().trimmed().toLower();
        if (coding.isEmpty())
            continue;
        std::optional<double> q = 1.0;
        for (qsizetype i = 1; i < parts.size(); ++i) {
            const QByteArray param = parts.at(i).trimmed();
            const qsizetype eq = param.indexOf('=');
            if (eq > 0 && param.left(eq).trimmed().toLower() == "q")
                q = qValue(param.mid(eq + 1).trimmed());
        }
        if (!q)
            continue; // a malformed weight says nothing we could rely on
        if (std::find(names.begin(), names.end(), QByteArrayView(coding)) != names.end())
            gzipQ = gzipQ ? std::max(*gzipQ, *q) : *q;
        else if (coding == "*")
            anyQ = *q;
    }
    if (gzipQ)
        return *gzipQ > 0.0;
    return anyQ && *anyQ > 0.0;
}
} // namespace

bool acceptsGzip(QByteArrayView acceptEncoding)
{
    return accepts(acceptEncoding, {"gzip", "x-gzip"});
}

bool acceptsBrotli(QByteArrayView acceptEncoding)
{
    return accepts(acceptEncoding, {"br"});
}

QByteArray brotli(QByteArrayView data)
{
    QByteArray out(qsizetype(BrotliEncoderMaxCompressedSize(std::size_t(data.size()))) + 64, Qt::Uninitialized);
    std::size_t size = std::size_t(out.size());
    if (!BrotliEncoderCompress(BROTLI_MAX_QUALITY, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT, std::size_t(data.size()),
                               reinterpret_cast<const uint8_t *>(data.data()), &size,
                               reinterpret_cast<uint8_t *>(out.data())))
        return {};
    out.resize(qsizetype(size));
    return out;
}

QByteArray gzip(QByteArrayView data, int level)
{
    z_stream stream{};
    // windowBits 15 + 16: a gzip header and trailer instead of zlib's; memLevel 9: best ratio.
    if (deflateInit2(&stream, std::clamp(level, 1, 9), Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK)
        return {};
    QByteArray out(qsizetype(deflateBound(&stream, uLong(data.size()))), Qt::Uninitialized);
    stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.data()));
    stream.next_out = reinterpret_cast<Bytef *>(out.data());
    constexpr qsizetype Chunk = std::numeric_limits<uInt>::max() / 2; // avail_* are 32-bit
    qsizetype inLeft = data.size();
    int status = Z_OK;
    while (status == Z_OK) {
        if (stream.avail_in == 0) {
            stream.avail_in = uInt(std::min(inLeft, Chunk));
            inLeft -= stream.avail_in;
        }
        stream.avail_out = uInt(std::min(out.size() - qsizetype(stream.total_out), Chunk));
        status = deflate(&stream, inLeft == 0 ? Z_FINISH : Z_NO_FLUSH);
    }
    const bool done = status == Z_STREAM_END;
    out.truncate(qsizetype(stream.total_out));
    deflateEnd(&stream);
    return done ? out : QByteArray();
}

bool isCompressible(QByteArrayView contentType)
{
    const QByteArray type = contentType.toByteArray().toLower();
    return type.startsWith("text/") || type.startsWith("application/json") || type.startsWith("image/svg+xml")
        || type.startsWith("application/javascript");
}

void encodeAnswer(HttpResponse &response, bool gzipAccepted, Memo *memo)
{
    if (response.body.isEmpty() || !isCompressible(response.contentType) || !response.header("ETag").isNull()
        || !response.header("Content-Encoding").isNull())
        return;
    response.addVary("Accept-Encoding");
    if (!gzipAccepted || response.body.size() < MinimumBytes)
        return;
    QByteArray packed;
    if (memo && memo->plain == response.body) {
        packed = memo->gzipped;
    } else {
        packed = gzip(response.body);
        if (memo)
            *memo = Memo{response.body, packed};
    }
    if (packed.isEmpty() || packed.size() >= response.body.size())
        return; // already compressed, or zlib failed: the plain answer is still right
    response.body = packed;
    response.withHeader("Content-Encoding", "gzip");
}

} // namespace ziggie::compression
