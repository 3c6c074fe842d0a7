// The key table every part of the configuration reads: indexed by its own enum, no name
// said twice, and each key a way in (settings file, option or environment).

#include "configkeys.h"

#include <QSet>
#include <QTest>

using namespace ziggie;

class TestConfigKeys : public QObject
{
    Q_OBJECT

private slots:
    void oneRowPerKeyInEnumOrder()
    {
        int index = 0;
        for (const ConfigKeyInfo &info : configKeys()) {
            QCOMPARE(int(info.key), index++);
            QCOMPARE(&configKeyInfo(info.key), &info);
        }
        QCOMPARE(index, int(ConfigKey::PublicProcesses) + 1);
    }

    void noNameIsSaidTwice()
    {
        QSet<QString> settings, options, environment;
        for (const ConfigKeyInfo &info : configKeys()) {
            QVERIFY(!info.settingsKey.isEmpty() || !info.option.isEmpty() || !info.environment.isEmpty());
            QVERIFY(!info.help.isEmpty());
            for (auto [set, name] : {std::pair{&settings, info.settingsKey}, std::pair{&options, info.option},
                                     std::pair{&environment, info.environment}}) {
                if (name.isEmpty())
                    continue;
                QVERIFY2(!set->contains(name), name.data());
                set->insert(name);
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestConfigKeys)
#include "tst_configkeys.moc"
