// Which tier answers a range, in which steps.
#include "tierplan.h"

#include <QTest>

using namespace ziggie::storage;

namespace {
constexpr qint64 Now = 1'800'000'000'000; // ms
constexpr qint64 Day = 24 * HourMs;
// A machine that has recorded for a year with the default retention.
const std::array<std::optional<qint64>, 3> Year{Now - Day, Now - 90 * Day, Now - 365 * Day};
} // namespace

Q_DECLARE_METATYPE(ziggie::storage::Tier)

class TestTierPlan : public QObject
{
    Q_OBJECT

private slots:
    void choices_data()
    {
        QTest::addColumn<qint64>("range");
        QTest::addColumn<int>("points");
        QTest::addColumn<Tier>("tier");
        QTest::addColumn<qint64>("step");
        QTest::addColumn<bool>("eachSample");
        QTest::newRow("1h at 600: raw, 6 s") << HourMs << 600 << Tier::Raw << qint64(6000) << false;
        QTest::newRow("10 min at 600: each sample") << 10 * MinuteMs << 600 << Tier::Raw << qint64(2000) << true;
        QTest::newRow("24h at 600: minutes, 3 min") << Day << 600 << Tier::Minute << qint64(180'000) << false;
        QTest::newRow("7d at 600: minutes, 17 min") << 7 * Day << 600 << Tier::Minute << qint64(1'020'000) << false;
        QTest::newRow("30d at 600: hours, 2 h") << 30 * Day << 600 << Tier::Hour << qint64(7'200'000) << false;
        QTest::newRow("365d at 600: hours, 15 h") << 365 * Day << 600 << Tier::Hour << qint64(15 * HourMs) << false;
        QTest::newRow("30d at 2000: minutes") << 30 * Day << 2000 << Tier::Minute << qint64(1'320'000) << false;
        QTest::newRow("2 days at 2000: raw is too short, minutes") << 2 * Day << 2000 << Tier::Minute << 2 * MinuteMs << false;
        QTest::newRow("200 days at 2000: minutes too short, hours") << 200 * Day << 2000 << Tier::Hour << 3 * HourMs << false;
    }

    void choices()
    {
        QFETCH(qint64, range);
        QFETCH(int, points);
        QFETCH(Tier, tier);
        QFETCH(qint64, step);
        QFETCH(bool, eachSample);
        const TierPlan plan = planRange(Now - range, Now, points, 2000, Year);
        QCOMPARE(plan.tier, tier);
        QCOMPARE(plan.stepMs, step);
        QCOMPARE(plan.eachSample, eachSample);
        QVERIFY(plan.eachSample || range / plan.stepMs <= points);
    }

    void aRangeOlderThanTheFineTiersKeepGoesCoarser()
    {
        // An hour three days ago: the raw tier no longer has it, the minute tier does.
        const TierPlan plan = planRange(Now - 3 * Day - HourMs, Now - 3 * Day, 600, 2000, Year);
        QCOMPARE(plan.tier, Tier::Minute);
        QCOMPARE(plan.stepMs, MinuteMs);
    }

    void aYoungRecordKeepsItsResolution()
    {
        // Ten minutes recorded, an hour asked: the coarse tiers start no earlier (bar rounding).
        const std::array<std::optional<qint64>, 3> young{Now - 10 * MinuteMs, (Now - 10 * MinuteMs) / MinuteMs * MinuteMs,
                                                         (Now - 10 * MinuteMs) / HourMs * HourMs};
        QCOMPARE(planRange(Now - HourMs, Now, 600, 2000, young).tier, Tier::Raw);
        const std::array<std::optional<qint64>, 3> empty{};
        QCOMPARE(planRange(Now - HourMs, Now, 600, 2000, empty).tier, Tier::Raw);
    }

    void bucketStartsAreAligned()
    {
        QCOMPARE(bucketStart(125'000, 60'000), qint64(120'000));
        QCOMPARE(bucketStart(120'000, 60'000), qint64(120'000));
        QCOMPARE(bucketStart(-1, 60'000), qint64(-60'000));
    }
};

QTEST_GUILESS_MAIN(TestTierPlan)
#include "tst_tierplan.moc"
