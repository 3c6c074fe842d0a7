#pragma once
// Fixture machines under tests/data/machine/<case>/{proc,sys}.

#include <QFile>
#include <QString>
#include <QtGlobal>

#include <string>

namespace machinetest {

inline std::string dataDir(const char *machine)
{
    return std::string(ZIGGIE_TEST_DATA "/machine/") + machine;
}

inline std::string sysRoot(const char *machine)
{
    return dataDir(machine) + "/sys";
}

inline std::string procRoot(const char *machine)
{
    return dataDir(machine) + "/proc";
}

// A /proc file of a fixture machine, e.g. procFile("vm", "stat").
inline std::string procFile(const char *machine, const char *file)
{
    QFile f(QString::fromStdString(procRoot(machine) + "/" + file));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing fixture %s/proc/%s", machine, file);
    return f.readAll().toStdString();
}

} // namespace machinetest
