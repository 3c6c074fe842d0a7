#include "autostart.h"

#include "appidentity.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QSettings>

namespace ziggie::ui {

namespace {

#ifdef Q_OS_WIN
const QString RunKey = QStringLiteral("HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Run");
const QString RunValue = QStringLiteral("Ziggie");
#endif

// Quoting for the Exec key of the Desktop Entry Specification.
QString quotedExec(const QString &program)
{
    QString quoted = program;
    for (const QChar c : {u'\\', u'"', u'`', u'$'})
        quoted.replace(c, QString(u'\\') + c);
    return u'"' + quoted + u'"';
}

void setError(QString *error, const QString &message)
{
    if (error)
        *error = message;
}

} // namespace

Autostart::Autostart(const QString &program)
    : m_program(program)
{
    if (m_program.isEmpty())
        m_program = qEnvironmentVariable("APPIMAGE", QCoreApplication::applicationFilePath());
}

bool Autostart::isSupported()
{
#if defined(Q_OS_WIN) || (defined(Q_OS_UNIX) && !defined(Q_OS_MACOS))
    return true;
#else
    return false;
#endif
}

namespace {

QString autostartDir()
{
#if defined(Q_OS_UNIX) && !defined(Q_OS_MACOS)
    QString configHome = qEnvironmentVariable("XDG_CONFIG_HOME");
    if (configHome.isEmpty() || QDir::isRelativePath(configHome)) // the spec ignores relative paths
        configHome = QDir::homePath() + QStringLiteral("/.config");
    return configHome + QStringLiteral("/autostart/");
#else
    return {};
#endif
}

} // namespace

QString Autostart::entryPath()
{
    const QString dir = autostartDir();
    return dir.isEmpty() ? QString() : dir + desktopFileName() + QStringLiteral(".desktop");
}

QString Autostart::legacyEntryPath()
{
    const QString dir = autostartDir();
    return dir.isEmpty() ? QString() : dir + QStringLiteral("ziggie.desktop");
}

QString Autostart::entryContents() const
{
    return QStringLiteral("[Desktop Entry]\n"
                          "Type=Application\n"
                          "Name=Ziggie Control Center\n"
                          "Comment=CPU, memory and disk in the system tray\n"
                          "Exec=%1\n"
                          "Icon=ziggie\n"
                          "Terminal=false\n"
                          "X-GNOME-Autostart-enabled=true\n")
        .arg(quotedExec(m_program));
}

bool Autostart::isEnabled() const
{
#ifdef Q_OS_WIN
    return QSettings(RunKey, QSettings::NativeFormat).contains(RunValue);
#else
    const QString path = entryPath();
    return !path.isEmpty() && (QFileInfo::exists(path) || QFileInfo::exists(legacyEntryPath()));
#endif
}

bool Autostart::setEnabled(bool enabled, QString *error)
{
#ifdef Q_OS_WIN
    QSettings run(RunKey, QSettings::NativeFormat);
    if (enabled)
        run.setValue(RunValue, u'"' + QDir::toNativeSeparators(m_program) + u'"');
    else
        run.remove(RunValue);
    run.sync();
    if (run.status() != QSettings::NoError) {
        setError(error, QCoreApplication::translate("Autostart", "Cannot write the Run key of the registry."));
        return false;
    }
    return true;
#else
    const QString path = entryPath();
    if (path.isEmpty()) {
        setError(error, QCoreApplication::translate("Autostart", "Start at login is not supported here."));
        return false;
    }
    if (!enabled) {
        for (const QString &entry : {path, legacyEntryPath()}) {
            if (QFileInfo::exists(entry) && !QFile::remove(entry)) {
                setError(error, QCoreApplication::translate("Autostart", "Cannot remove %1.").arg(entry));
                return false;
            }
        }
        return true;
    }
    if (!QDir().mkpath(QFileInfo(path).path())) {
        setError(error, QCoreApplication::translate("Autostart", "Cannot create %1.").arg(QFileInfo(path).path()));
        return false;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(entryContents().toUtf8()) < 0 || !file.commit()) {
        setError(error, QCoreApplication::translate("Autostart", "Cannot write %1: %2").arg(path, file.errorString()));
        return false;
    }
    QFile::remove(legacyEntryPath()); // one entry: with both, the session would start the program twice
    return true;
#endif
}

} // namespace ziggie::ui
