#include "http/compression.h"
#include "httpapi.h"

#include <QTest>

#include <brotli/decode.h>
#include <zlib.h>

using namespace ziggie;

namespace {

// The test's own inflate, with zlib's gzip decoder: what a browser would make of the bytes.
QByteArray unbrotli(const QByteArray &data)
{
    std::size_t size = 1 << 20;
    QByteArray out(qsizetype(size), Qt::Uninitialized);
    if (BrotliDecoderDecompress(std::size_t(data.size()), reinterpret_cast<const uint8_t *>(data.data()), &size,
                                reinterpret_cast<uint8_t *>(out.data())) != BROTLI_DECODER_RESULT_SUCCESS)
        return {};
    out.resize(qsizetype(size));
    return out;
}

QByteArray gunzip(const QByteArray &packed)
{
    z_stream stream{};
    if (inflateInit2(&stream, 15 + 16) != Z_OK)
        return {};
    QByteArray out;
    char buffer[16384];
    stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(packed.data()));
    stream.avail_in = uInt(packed.size());
    int status = Z_OK;
    while (status == Z_OK) {
        stream.next_out = reinterpret_cast<Bytef *>(buffer);
        stream.avail_out = sizeof buffer;
        status = inflate(&stream, Z_NO_FLUSH);
        out.append(buffer, qsizetype(sizeof buffer - stream.avail_out));
    }
    const bool whole = status == Z_STREAM_END && stream.avail_in == 0;
    inflateEnd(&stream);
    return whole ? out : QByteArray("not a whole gzip stream");
}

QByteArray jsonOf(qsizetype bytes)
{
    QByteArray body = R"({"type":"history_range","points":[)";
    for (int i = 0; body.size() < bytes; ++i)
        body += R"({"n":)" + QByteArray::number(i % 97) + "},";
    body.chop(1);
    return body + "]}";
}

HttpResponse jsonAnswer(qsizetype bytes)
{
    return HttpResponse::json(200, jsonOf(bytes).left(bytes));
}

} // namespace

class TestCompression : public QObject
{
    Q_OBJECT

private slots:
    void acceptsGzip_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<bool>("accepted");
        QTest::newRow("none") << QByteArray() << false;
        QTest::newRow("gzip") << QByteArray("gzip") << true;
        QTest::newRow("browser") << QByteArray("gzip, deflate, br") << true;
        QTest::newRow("case") << QByteArray("GZip") << true;
        QTest::newRow("x-gzip") << QByteArray("x-gzip") << true;
        QTest::newRow("other codings") << QByteArray("deflate, br") << false;
        QTest::newRow("identity") << QByteArray("identity") << false;
        QTest::newRow("q=0") << QByteArray("gzip;q=0") << false;
        QTest::newRow("q=0.000, spaces") << QByteArray("br, gzip ; q = 0.000") << false;
        QTest::newRow("q=0.001") << QByteArray("gzip;q=0.001") << true;
        QTest::newRow("q=1.0") << QByteArray("deflate;q=0.5, gzip;q=1.0") << true;
        QTest::newRow("star") << QByteArray("*") << true;
        QTest::newRow("star q=0") << QByteArray("*;q=0") << false;
        QTest::newRow("star, gzip refused") << QByteArray("*, gzip;q=0") << false;
        QTest::newRow("gzip wins over star q=0") << QByteArray("gzip;q=0.2, *;q=0") << true;
        QTest::newRow("other param") << QByteArray("gzip;level=9") << true;
        QTest::newRow("q above 1") << QByteArray("gzip;q=2") << false;
        QTest::newRow("q nonsense") << QByteArray("gzip;q=abc") << false;
        QTest::newRow("q nan") << QByteArray("gzip;q=nan") << false;
        QTest::newRow("gzipped is not gzip") << QByteArray("gzipped") << false;
        QTest::newRow("empty elements") << QByteArray(" , ,gzip,") << true;
    }

    void acceptsGzip()
    {
        QFETCH(QByteArray, header);
        QFETCH(bool, accepted);
        QCOMPARE(compression::acceptsGzip(header), accepted);
    }

    void gzipRoundTrips_data()
    {
        QTest::addColumn<QByteArray>("data");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("one byte") << QByteArray("x");
        QTest::newRow("json") << jsonOf(200'000);
        QByteArray noise(70'000, Qt::Uninitialized);
        quint32 x = 2463534242u;
        for (char &c : noise) { // xorshift: bytes gzip cannot shrink
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            c = char(x);
        }
        QTest::newRow("noise") << noise;
    }

    void gzipRoundTrips()
    {
        QFETCH(QByteArray, data);
        for (int level : {1, 6, 9}) {
            const QByteArray packed = compression::gzip(data, level);
            QVERIFY(packed.startsWith("\x1f\x8b\x08")); // the gzip magic and deflate
            QCOMPARE(gunzip(packed), data);
        }
        if (data.size() > 100'000)
            QVERIFY(compression::gzip(data).size() < data.size() / 5);
    }

    void compressibleTypes()
    {
        for (const char *type : {"text/html; charset=utf-8", "text/javascript; charset=utf-8", "text/css; charset=utf-8",
                                 "application/json", "text/csv; charset=utf-8", "image/svg+xml",
                                 "text/plain; version=0.0.4; charset=utf-8"})
            QVERIFY2(compression::isCompressible(type), type);
        for (const char *type : {"image/png", "image/x-icon", "application/octet-stream", ""})
            QVERIFY2(!compression::isCompressible(type), type);
    }

    void bigAnswersAreGzippedWhenAccepted()
    {
        HttpResponse r = jsonAnswer(50'000);
        const QByteArray plain = r.body;
        compression::encodeAnswer(r, true);
        QCOMPARE(r.header("Content-Encoding"), QByteArray("gzip"));
        QCOMPARE(r.header("Vary"), QByteArray("Accept-Encoding"));
        QVERIFY(r.body.size() < plain.size() / 5);
        QCOMPARE(gunzip(r.body), plain);
        // HEAD: the same head, so the same Content-Length and Content-Encoding, and no body.
        const QByteArray head = r.serialize(true);
        QVERIFY(head.contains("Content-Length: " + QByteArray::number(r.body.size()) + "\r\n"));
        QVERIFY(head.contains("Content-Encoding: gzip\r\n"));
        QVERIFY(head.endsWith("\r\n\r\n"));
    }

    void notAcceptedStaysPlainButVaries()
    {
        HttpResponse r = jsonAnswer(50'000);
        const QByteArray plain = r.body;
        compression::encodeAnswer(r, false);
        QCOMPARE(r.body, plain);
        QVERIFY(r.header("Content-Encoding").isNull());
        QCOMPARE(r.header("Vary"), QByteArray("Accept-Encoding"));
    }

    void smallAnswersAreNotCompressed()
    {
        for (qsizetype size : {qsizetype(2), compression::MinimumBytes - 1}) {
            HttpResponse r = jsonAnswer(size);
            const QByteArray plain = r.body;
            compression::encodeAnswer(r, true);
            QCOMPARE(r.body, plain);
            QVERIFY(r.header("Content-Encoding").isNull());
            QCOMPARE(r.header("Vary"), QByteArray("Accept-Encoding")); // a bigger one would be
        }
        HttpResponse atLimit = jsonAnswer(compression::MinimumBytes);
        compression::encodeAnswer(atLimit, true);
        QCOMPARE(atLimit.header("Content-Encoding"), QByteArray("gzip"));
    }

    void whatIsNotTextIsLeftAlone()
    {
        HttpResponse png;
        png.contentType = "image/png";
        png.body = QByteArray(5000, 'a');
        compression::encodeAnswer(png, true);
        QCOMPARE(png.body, QByteArray(5000, 'a'));
        QVERIFY(png.header("Vary").isNull());
        QVERIFY(png.header("Content-Encoding").isNull());

        HttpResponse empty = HttpResponse::noContent();
        compression::encodeAnswer(empty, true);
        QVERIFY(empty.headers.isEmpty());
    }

    void varyJoinsTheOriginsOne()
    {
        HttpResponse r = jsonAnswer(5000);
        r.addVary("Origin");
        compression::encodeAnswer(r, true);
        r.addVary("origin");
        QCOMPARE(r.header("Vary"), QByteArray("Origin, Accept-Encoding"));
        int varies = 0;
        for (const auto &h : r.headers)
            varies += h.first == "Vary" ? 1 : 0;
        QCOMPARE(varies, 1);
    }

    void identicalAnswersAreCompressedOnce()
    {
        compression::Memo memo;
        HttpResponse first = jsonAnswer(30'000);
        compression::encodeAnswer(first, true, &memo);
        QCOMPARE(memo.gzipped, first.body);
        memo.gzipped = compression::gzip("a marker only a reuse would send", 1);
        HttpResponse second = jsonAnswer(30'000);
        compression::encodeAnswer(second, true, &memo);
        QCOMPARE(gunzip(second.body), QByteArray("a marker only a reuse would send"));
        HttpResponse other = jsonAnswer(30'001);
        compression::encodeAnswer(other, true, &memo);
        QCOMPARE(gunzip(other.body), jsonAnswer(30'001).body);
    }

    void dashboardFilesHaveAnEtagPerEncoding()
    {
        for (const char *path : {"/", "/ziggie-client.js", "/dashboard.css"}) {
            const auto plain = staticFile(path, {}, "x", Encodings{});
            const auto packed = staticFile(path, {}, "x", Encodings{true});
            QVERIFY(plain && packed);
            QCOMPARE(plain->status, 200);
            QCOMPARE(packed->status, 200);
            QVERIFY2(plain->header("Content-Encoding").isNull(), path);
            QCOMPARE(packed->header("Content-Encoding"), QByteArray("gzip"));
            QCOMPARE(gunzip(packed->body), plain->body);
            QVERIFY(packed->body.size() < plain->body.size() / 2);
            QCOMPARE(plain->header("Vary"), QByteArray("Accept-Encoding"));
            QCOMPARE(packed->header("Vary"), QByteArray("Accept-Encoding"));
            const QByteArray plainTag = plain->header("ETag"), packedTag = packed->header("ETag");
            QVERIFY(plainTag.startsWith('"') && plainTag.endsWith('"'));
            QCOMPARE(packedTag, plainTag.chopped(1) + "-gz\"");

            // Each tag revalidates its own representation only.
            QCOMPARE(staticFile(path, plainTag, "x", Encodings{})->status, 304);
            QCOMPARE(staticFile(path, packedTag, "x", Encodings{true})->status, 304);
            QCOMPARE(staticFile(path, plainTag, "x", Encodings{true})->status, 200);
            QCOMPARE(staticFile(path, packedTag, "x", Encodings{})->status, 200);
            const auto notModified = staticFile(path, "\"other\", W/" + packedTag, "x", Encodings{true});
            QCOMPARE(notModified->status, 304);
            QVERIFY(notModified->body.isEmpty());
            QCOMPARE(notModified->header("ETag"), packedTag);
            QCOMPARE(notModified->header("Vary"), QByteArray("Accept-Encoding"));
        }
    }

    void brotliIsPreferredWhereAccepted()
    {
        for (const char *path : {"/", "/ziggie-client.js", "/dashboard.css", "/dashboard.js"}) {
            const auto plain = staticFile(path, {}, "x", Encodings{});
            const auto gz = staticFile(path, {}, "x", Encodings{true, false});
            const auto br = staticFile(path, {}, "x", Encodings{true, true});
            QCOMPARE(br->header("Content-Encoding"), QByteArray("br"));
            QCOMPARE(unbrotli(br->body), plain->body);
            QVERIFY2(br->body.size() < gz->body.size(), path);
            const QByteArray tag = br->header("ETag");
            QCOMPARE(tag, plain->header("ETag").chopped(1) + "-br\"");
            QCOMPARE(staticFile(path, tag, "x", Encodings{true, true})->status, 304);
            QCOMPARE(staticFile(path, tag, "x", Encodings{true, false})->status, 200);
        }
        QVERIFY(compression::acceptsBrotli("gzip, deflate, br"));
        QVERIFY(!compression::acceptsBrotli("gzip, br;q=0"));
        QVERIFY(!compression::acceptsBrotli("gzip"));
        QVERIFY(compression::acceptsBrotli("*"));
    }

    void dashboardFilesAreCompressedOnce()
    {
        // The same bytes, shared, for every request: no compression per request.
        const auto a = staticFile("/ziggie-client.js", {}, "x", Encodings{true});
        const auto b = staticFile("/ziggie-client.js", {}, "y", Encodings{true});
        QVERIFY(a && b);
        QCOMPARE(a->body.constData(), b->body.constData());
        // And HttpServer leaves them as they are (they have an ETag).
        HttpResponse copy = *a;
        compression::encodeAnswer(copy, true);
        QCOMPARE(copy.body.constData(), a->body.constData());
        QCOMPARE(copy.headers, a->headers);
    }
};

QTEST_GUILESS_MAIN(TestCompression)
#include "tst_compression.moc"
