// Composition only: parse options, then run the engine alone (--headless) or with the
// desktop UI. Everything else lives in core/ and ui/.

#include "engine.h"
#include "options.h"
#include "serverurl.h"
#include "settings.h"
#include "shutdownsignals.h"
#include "singleinstance.h"

#include "desktopapp.h"
#include "englishplurals.h"

#include <QApplication>
#include <QCoreApplication>

#include <cstdio>
#include <cstring>
#include <memory>

namespace {

enum ExitCode { Ok = 0, RuntimeError = 1, UsageError = 2 };

void printLine(FILE *stream, const QString &text)
{
    std::fputs(qUtf8Printable(text + QLatin1Char('\n')), stream);
    std::fflush(stream);
}

// Decided before any QCoreApplication exists: only the desktop needs a display.
bool needsDisplay(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i) {
        for (const char *flag : {"--headless", "--help", "-h", "--help-all", "--version", "-v", "--show-token"})
            if (std::strcmp(argv[i], flag) == 0)
                return false;
    }
    return true;
}

// SIGINT, SIGTERM and SIGHUP (and, on the desktop, Quit) end with the engine's goodbye:
// every client is told 1001, and the program quits once the engine has finished.
void quitWhenFinished(ziggie::Engine &engine, ziggie::ShutdownSignals &shutdownSignals)
{
    QObject::connect(&shutdownSignals, &ziggie::ShutdownSignals::requested, &engine, &ziggie::Engine::shutdown);
    QObject::connect(&engine, &ziggie::Engine::finished, QCoreApplication::instance(), &QCoreApplication::quit);
}

int runHeadless(const ziggie::Config &config)
{
    ziggie::Engine engine;
    QString error;
    if (!engine.start(config, &error)) {
        printLine(stderr, QStringLiteral("ziggie: ") + error);
        return RuntimeError;
    }
    printLine(stdout, QStringLiteral("Ziggie serving %1 (stream %2)")
                          .arg(engine.dashboardUrl().toString(), engine.streamUrl().toString()));

    ziggie::ShutdownSignals shutdownSignals;
    quitWhenFinished(engine, shutdownSignals);
    return QCoreApplication::exec();
}

int runDesktop(ziggie::Settings &settings, const ziggie::Config &config)
{
    ziggie::SingleInstance instance(ziggie::SingleInstance::defaultKey());
    if (!instance.claim())
        return instance.activateRunning() ? Ok : RuntimeError;

    ziggie::ui::EnglishPlurals plurals;
    QCoreApplication::installTranslator(&plurals);
    ziggie::Engine engine;
    QString listenError;
    engine.start(config, &listenError);
    ziggie::ui::DesktopApp desktop(engine, settings);
    QObject::connect(&instance, &ziggie::SingleInstance::activationRequested, &desktop,
                     &ziggie::ui::DesktopApp::raiseWindow);
    desktop.start(listenError);

    ziggie::ShutdownSignals shutdownSignals;
    quitWhenFinished(engine, shutdownSignals);
    return QApplication::exec();
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_MESSAGE_PATTERN"))
        qSetMessagePattern(QStringLiteral("%{time yyyy-MM-dd hh:mm:ss.zzz} %{category} %{type}: %{message}"));

    const bool desktop = needsDisplay(argc, argv);
    // Headless, Qt's own poll dispatcher: GLib's walks every socket notifier on each toggle,
    // which makes a tick's fan-out quadratic in the number of clients.
    if (!desktop && !qEnvironmentVariableIsSet("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", "1");
    std::unique_ptr<QCoreApplication> app;
    if (desktop)
        app = std::make_unique<QApplication>(argc, argv);
    else
        app = std::make_unique<QCoreApplication>(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("Ziggie"));
    QCoreApplication::setApplicationName(QStringLiteral("ziggie"));
    QCoreApplication::setApplicationVersion(QStringLiteral(ZIGGIE_VERSION));

    ziggie::Options options;
    QString error;
    if (!options.parse(QCoreApplication::arguments(), &error)) {
        printLine(stderr, QStringLiteral("ziggie: %1\nTry 'ziggie --help'.").arg(error));
        return UsageError;
    }
    if (options.showHelp()) {
        printLine(stdout, options.helpText());
        return Ok;
    }
    if (options.showVersion()) {
        printLine(stdout, QStringLiteral("ziggie " ZIGGIE_VERSION));
        return Ok;
    }

    ziggie::Settings settings(options.settingsFile());
    auto config = options.resolve(settings.stored(), QProcessEnvironment::systemEnvironment(), &error);
    if (!config) {
        printLine(stderr, QStringLiteral("ziggie: ") + error);
        return UsageError;
    }
    if (config->token.isEmpty())
        config->token = settings.ensureToken();

    if (options.showToken()) {
        printLine(stdout, config->token);
        const auto url = ziggie::ServerUrl::of(*config).stream(ziggie::Endpoint::Authenticated, config->token);
        printLine(stdout, url.toString());
        return Ok;
    }
    return desktop ? runDesktop(settings, *config) : runHeadless(*config);
}
