// Jwt::verifyHs256 against vectors made by an independent implementation (Python's hmac,
// hashlib and base64; tests/data/jwt/make_vectors.py), and that the committed vectors are
// exactly what that script produces.

#include "security/jwt.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using ziggie::Jwt;

namespace {

QJsonObject loadVectors()
{
    QFile file(QFINDTESTDATA("../data/jwt/vectors.json"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

int g_messages = 0;

void countingHandler(QtMsgType, const QMessageLogContext &, const QString &)
{
    ++g_messages;
}

} // namespace

class TestJwt : public QObject
{
    Q_OBJECT

private slots:
    void vectors_data();
    void vectors();
    void vectorsAreWhatTheScriptWrites();
    void acceptedTokenCarriesItsClaims();
    void signedTokenVerifies();
    void leewayIsClamped();
    void oversizeTokenIsRefusedBeforeParsing();
    void verifyingLogsNothing();
};

void TestJwt::vectors_data()
{
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<QByteArray>("secret");
    QTest::addColumn<qint64>("now");
    QTest::addColumn<int>("leeway");
    QTest::addColumn<QString>("reason");

    const QJsonArray list = loadVectors().value(QLatin1String("vectors")).toArray();
    QVERIFY2(list.size() >= 40, "tests/data/jwt/vectors.json missing or short");
    for (const QJsonValue &value : list) {
        const QJsonObject v = value.toObject();
        QTest::newRow(qPrintable(v.value(QLatin1String("name")).toString()))
            << v.value(QLatin1String("token")).toString().toUtf8()
            << v.value(QLatin1String("secret")).toString().toUtf8()
            << static_cast<qint64>(v.value(QLatin1String("now")).toDouble())
            << v.value(QLatin1String("leeway")).toInt()
            << v.value(QLatin1String("reason")).toString();
    }
}

void TestJwt::vectors()
{
    QFETCH(QByteArray, token);
    QFETCH(QByteArray, secret);
    QFETCH(qint64, now);
    QFETCH(int, leeway);
    QFETCH(QString, reason);

    const ziggie::JwtResult result = Jwt::verifyHs256(token, secret, now, leeway);
    QCOMPARE(result.reason, reason);
    QCOMPARE(result.ok, reason.isEmpty());
    if (!result.ok)
        QVERIFY(result.claims.isEmpty());
}

void TestJwt::vectorsAreWhatTheScriptWrites()
{
    const QString python = QStandardPaths::findExecutable(QStringLiteral("python3"));
    if (python.isEmpty())
        QSKIP("python3 is not installed");
    const QString script = QFINDTESTDATA("../data/jwt/make_vectors.py");
    const QString committed = QFINDTESTDATA("../data/jwt/vectors.json");
    QVERIFY(!script.isEmpty());
    QVERIFY(!committed.isEmpty());

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString fresh = dir.filePath(QStringLiteral("vectors.json"));
    QProcess process;
    process.start(python, {script, fresh});
    QVERIFY(process.waitForFinished(30000));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 0);

    QFile a(committed);
    QFile b(fresh);
    QVERIFY(a.open(QIODevice::ReadOnly));
    QVERIFY(b.open(QIODevice::ReadOnly));
    QVERIFY2(a.readAll() == b.readAll(), "vectors.json differs from make_vectors.py output: regenerate it");
}

void TestJwt::acceptedTokenCarriesItsClaims()
{
    const QJsonObject all = loadVectors();
    const QJsonArray list = all.value(QLatin1String("vectors")).toArray();
    QVERIFY(!list.isEmpty());
    const QJsonObject valid = list.first().toObject();
    QCOMPARE(valid.value(QLatin1String("name")).toString(), QStringLiteral("valid"));

    const auto result = Jwt::verifyHs256(valid.value(QLatin1String("token")).toString().toUtf8(),
                                         valid.value(QLatin1String("secret")).toString().toUtf8(),
                                         static_cast<qint64>(all.value(QLatin1String("now")).toDouble()));
    QVERIFY(result.ok);
    QCOMPARE(result.claims.value(QLatin1String("sub")).toString(), QStringLiteral("dashboard"));
    QCOMPARE(result.claims.value(QLatin1String("exp")).toDouble(), 1700003600.0);
}

void TestJwt::signedTokenVerifies()
{
    const QByteArray secret = "s3cret";
    const QByteArray token = Jwt::signHs256({{QStringLiteral("sub"), QStringLiteral("me")},
                                             {QStringLiteral("exp"), 1000}}, secret);
    QCOMPARE(token.count('.'), 2);
    QVERIFY(Jwt::verifyHs256(token, secret, 900).ok);
    QCOMPARE(Jwt::verifyHs256(token, secret, 1030).reason, Jwt::Expired);
    QCOMPARE(Jwt::verifyHs256(token, "other", 900).reason, Jwt::BadSignature);
}

void TestJwt::leewayIsClamped()
{
    const QByteArray token = Jwt::signHs256({{QStringLiteral("exp"), 1000}}, "k");
    QVERIFY(Jwt::verifyHs256(token, "k", 1029, 30).ok);
    QCOMPARE(Jwt::verifyHs256(token, "k", 1029, 0).reason, Jwt::Expired);
    QCOMPARE(Jwt::verifyHs256(token, "k", 1000, -100).reason, Jwt::Expired);
    QVERIFY(Jwt::verifyHs256(token, "k", 999, -100).ok);
    QCOMPARE(Jwt::verifyHs256(token, "k", 1030, 1'000'000).reason, Jwt::Expired);
}

void TestJwt::oversizeTokenIsRefusedBeforeParsing()
{
    const QByteArray huge(Jwt::MaxTokenSize + 1, 'A');
    QCOMPARE(Jwt::verifyHs256(huge, "k", 0).reason, Jwt::TooLarge);
    QByteArray justFits = Jwt::signHs256({{QStringLiteral("p"), QString()}}, "k");
    const qsizetype room = Jwt::MaxTokenSize - justFits.size();
    QVERIFY(room > 0);
    // Each 3 payload bytes grow the token by 4 characters.
    justFits = Jwt::signHs256({{QStringLiteral("p"), QString(room / 4 * 3, QLatin1Char('x'))}}, "k");
    QVERIFY(justFits.size() <= Jwt::MaxTokenSize);
    QVERIFY(justFits.size() > Jwt::MaxTokenSize - 8);
    QVERIFY(Jwt::verifyHs256(justFits, "k", 0).ok);
}

void TestJwt::verifyingLogsNothing()
{
    const QJsonArray list = loadVectors().value(QLatin1String("vectors")).toArray();
    QVERIFY(!list.isEmpty());
    g_messages = 0;
    const QtMessageHandler previous = qInstallMessageHandler(countingHandler);
    for (const QJsonValue &value : list) {
        const QJsonObject v = value.toObject();
        Jwt::verifyHs256(v.value(QLatin1String("token")).toString().toUtf8(),
                         v.value(QLatin1String("secret")).toString().toUtf8(), 0);
    }
    qInstallMessageHandler(previous);
    QCOMPARE(g_messages, 0);
}

QTEST_GUILESS_MAIN(TestJwt)
#include "tst_jwt.moc"
