#include "settingsdialog.h"

#include "apitoken.h"
#include "configrules.h"
#include "contrast.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHostAddress>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkInterface>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

#include <cmath>

namespace ziggie::ui {

namespace {

bool isLoopbackHost(const QString &host)
{
    return host == QLatin1String("localhost") || QHostAddress(host).isLoopback();
}

// The shared rule's verdict as a sentence for the person at the dialog.
QString sentence(const ConfigError &error)
{
    switch (error.problem) {
    case ConfigProblem::NotAnAddress:
        return SettingsDialog::tr("“%1” is not an IP address. Choose one of this computer's addresses, or 0.0.0.0 for "
                                  "all of them.")
            .arg(error.value);
    case ConfigProblem::NotAPort:
        return SettingsDialog::tr("The port must be a number from 0 to 65535.");
    case ConfigProblem::BadInterval:
        return SettingsDialog::tr("The update interval must be between %1 s and %2 s.")
            .arg(Config::MinIntervalMs / 1000.0)
            .arg(Config::MaxIntervalMs / 1000);
    case ConfigProblem::NotAbsolute:
        return error.key == ConfigKey::Disk
                   ? SettingsDialog::tr("The disk path must be absolute, like /home or /mnt/data.")
                   : SettingsDialog::tr("The path %1 must be absolute.").arg(QDir::toNativeSeparators(error.value));
    case ConfigProblem::NotADirectory:
        return SettingsDialog::tr("The disk path %1 is not an existing folder.").arg(QDir::toNativeSeparators(error.value));
    case ConfigProblem::NotAReadableFile:
        return SettingsDialog::tr("The TLS file %1 cannot be read.").arg(QDir::toNativeSeparators(error.value));
    case ConfigProblem::BadToken:
        return SettingsDialog::tr("The access token is missing, shorter than %1 characters or contains spaces; press "
                                  "Regenerate.")
            .arg(MinTokenLength);
    case ConfigProblem::BadOrigin:
        return SettingsDialog::tr("“%1” is not a browser origin. Write it like https://dashboard.example.com or "
                                  "http://192.168.1.20:3000.")
            .arg(error.value);
    case ConfigProblem::BadHostName:
        return SettingsDialog::tr("“%1” is not a host name.").arg(error.value);
    case ConfigProblem::ShortJwtSecret:
        return SettingsDialog::tr("The JWT secret is too short; it needs at least %1 characters.").arg(MinJwtSecretLength);
    case ConfigProblem::NotAnAccessMode:
        return SettingsDialog::tr("“%1” is not a public access mode.").arg(error.value);
    case ConfigProblem::TlsUnpaired:
        return SettingsDialog::tr("A TLS certificate needs its key, and a key its certificate.");
    case ConfigProblem::NotABoolean:
        return SettingsDialog::tr("“%1” is neither on nor off.").arg(error.value);
    case ConfigProblem::BadLimit:
        return SettingsDialog::tr("The client limit %1 must be a number from 1 to %2.")
            .arg(error.value)
            .arg(MaxClientLimit);
    case ConfigProblem::NotAHistoryFile:
        return SettingsDialog::tr("The history file %1 must be an absolute path, or none.")
            .arg(QDir::toNativeSeparators(error.value));
    case ConfigProblem::BadHistorySize:
        return SettingsDialog::tr("“%1” is outside the range of this history setting.").arg(error.value);
    }
    return error.reason();
}

QStringList originsFrom(const QString &text)
{
    QStringList origins;
    for (const QString &line : text.split(u'\n')) {
        const QString origin = line.trimmed();
        if (!origin.isEmpty())
            origins.append(origin.endsWith(u'/') ? origin.chopped(1) : origin);
    }
    return origins;
}

} // namespace

SettingsDialog::SettingsDialog(const Config &current, ApplyFunction apply, QWidget *parent)
    : QDialog(parent)
    , m_original(current)
    , m_apply(std::move(apply))
{
    setWindowTitle(tr("Ziggie Settings"));

    // Sampling
    auto *sampling = new QGroupBox(tr("Sampling"), this);
    auto *samplingForm = new QFormLayout(sampling);
    m_interval = new QDoubleSpinBox(sampling);
    m_interval->setObjectName(QStringLiteral("interval"));
    m_interval->setDecimals(2);
    m_interval->setRange(Config::MinIntervalMs / 1000.0, Config::MaxIntervalMs / 1000.0);
    m_interval->setSingleStep(0.5);
    m_interval->setSuffix(tr(" s"));
    m_interval->setAccessibleDescription(tr("How often CPU, memory and disk are measured and sent"));
    samplingForm->addRow(tr("Update every:"), m_interval);

    m_diskPath = new QLineEdit(sampling);
    m_diskPath->setObjectName(QStringLiteral("diskPath"));
    m_diskPath->setPlaceholderText(tr("The system disk"));
    m_diskPath->setClearButtonEnabled(true);
    for (QToolButton *clear : m_diskPath->findChildren<QToolButton *>()) // Qt's own, unnamed
        clear->setAccessibleName(tr("Clear the disk path"));
    m_diskPath->setAccessibleName(tr("Disk to watch"));
    m_diskPath->setAccessibleDescription(tr("A folder on the disk to measure; empty for the system disk"));
    auto *browse = new QPushButton(tr("Browse…"), sampling);
    browse->setAccessibleDescription(tr("Choose the folder of the disk to watch"));
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Disk to Watch"), m_diskPath->text());
        if (!dir.isEmpty())
            m_diskPath->setText(QDir::toNativeSeparators(dir));
    });
    auto *diskRow = new QHBoxLayout;
    diskRow->addWidget(m_diskPath, 1);
    diskRow->addWidget(browse);
    samplingForm->addRow(tr("Disk:"), diskRow);

    // Server
    auto *server = new QGroupBox(tr("Server"), this);
    auto *serverForm = new QFormLayout(server);
    m_port = new QSpinBox(server);
    m_port->setObjectName(QStringLiteral("port"));
    m_port->setRange(0, 65535);
    m_port->setSpecialValueText(tr("Any free port"));
    m_port->setAccessibleDescription(tr("The TCP port of the dashboard and the streams"));
    serverForm->addRow(tr("Port:"), m_port);

    m_loopback = new QRadioButton(tr("This computer only"), server);
    m_loopback->setObjectName(QStringLiteral("loopback"));
    m_lan = new QRadioButton(tr("Local network, on address:"), server);
    m_lan->setObjectName(QStringLiteral("lan"));
    m_lanAddress = new QComboBox(server);
    m_lanAddress->setObjectName(QStringLiteral("lanAddress"));
    m_lanAddress->setEditable(true);
    m_lanAddress->setAccessibleName(tr("Network address"));
    m_lanAddress->setAccessibleDescription(tr("The address of this computer to listen on; 0.0.0.0 for all of them"));
    m_lanAddress->addItem(QStringLiteral("0.0.0.0"));
    for (const QHostAddress &address : QNetworkInterface::allAddresses()) {
        if (!address.isLoopback() && address.protocol() == QAbstractSocket::IPv4Protocol)
            m_lanAddress->addItem(address.toString());
    }
    auto *lanRow = new QHBoxLayout;
    lanRow->addWidget(m_lan);
    lanRow->addWidget(m_lanAddress, 1);
    auto *listenBox = new QVBoxLayout;
    listenBox->addWidget(m_loopback);
    listenBox->addLayout(lanRow);
    serverForm->addRow(tr("Reachable from:"), listenBox);

    m_lanWarning = new QLabel(tr("Anyone on your network can then open the dashboard and see this computer's CPU, "
                                 "memory and disk usage. The authenticated stream still needs the token."),
                              server);
    m_lanWarning->setObjectName(QStringLiteral("lanWarning"));
    m_lanWarning->setWordWrap(true);
    m_lanWarningRow = new QWidget(server);
    auto *warningLayout = new QHBoxLayout(m_lanWarningRow);
    warningLayout->setContentsMargins(0, 0, 0, 0);
    auto *warningIcon = new QLabel(m_lanWarningRow);
    const int iconSize = style()->pixelMetric(QStyle::PM_SmallIconSize);
    warningIcon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning).pixmap(iconSize, iconSize));
    warningIcon->setAlignment(Qt::AlignTop);
    m_lanWarning->setParent(m_lanWarningRow);
    warningLayout->addWidget(warningIcon);
    warningLayout->addWidget(m_lanWarning, 1);
    serverForm->addRow(QString(), m_lanWarningRow);
    connect(m_lan, &QRadioButton::toggled, this, &SettingsDialog::updateLanState);

    m_origins = new QPlainTextEdit(server);
    m_origins->setObjectName(QStringLiteral("origins"));
    m_origins->setPlaceholderText(tr("One per line, e.g. https://dashboard.example.com"));
    m_origins->setTabChangesFocus(true);
    m_origins->setAccessibleDescription(tr("Web pages on other origins that may connect, one origin per line"));
    m_origins->setFixedHeight(fontMetrics().height() * 4);
    serverForm->addRow(tr("Allowed origins:"), m_origins);

    // Token
    auto *access = new QGroupBox(tr("Access Token"), this);
    auto *accessLayout = new QVBoxLayout(access);
    auto *tokenRow = new QHBoxLayout;
    m_token = new QLineEdit(access);
    m_token->setObjectName(QStringLiteral("token"));
    m_token->setReadOnly(true);
    m_token->setEchoMode(QLineEdit::Password);
    m_token->setAccessibleName(tr("Access token"));
    m_token->setAccessibleDescription(tr("What scripts and dashboards on the authenticated stream must send"));
    m_showToken = new QCheckBox(tr("Show"), access);
    m_showToken->setAccessibleName(tr("Show the token"));
    connect(m_showToken, &QCheckBox::toggled, this,
            [this](bool show) { m_token->setEchoMode(show ? QLineEdit::Normal : QLineEdit::Password); });
    auto *regenerate = new QPushButton(tr("Regenerate"), access);
    regenerate->setObjectName(QStringLiteral("regenerateToken"));
    regenerate->setAccessibleDescription(tr("Make a new random token; the old one stops working"));
    connect(regenerate, &QPushButton::clicked, this, &SettingsDialog::regenerateToken);
    tokenRow->addWidget(m_token, 1);
    tokenRow->addWidget(m_showToken);
    tokenRow->addWidget(regenerate);
    accessLayout->addLayout(tokenRow);
    auto *tokenNote = new QLabel(tr("Scripts and dashboards on the authenticated stream need this token. After "
                                    "regenerating it they must be given the new one."),
                                 access);
    tokenNote->setWordWrap(true);
    QPalette notePalette = tokenNote->palette();
    QColor muted = notePalette.color(QPalette::WindowText);
    muted.setAlphaF(0.7);
    notePalette.setColor(QPalette::WindowText, muted);
    tokenNote->setPalette(notePalette);
    accessLayout->addWidget(tokenNote);

    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("error"));
    m_error->setWordWrap(true);
    m_error->setPalette(contrast::withTextColor(m_error->palette(), QColor(0xda, 0x44, 0x53)));
    QFont errorFont = m_error->font();
    errorFont.setWeight(QFont::DemiBold);
    m_error->setFont(errorFont);
    m_error->hide();

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    QPushButton *remoteHosts = buttons->addButton(tr("Remote Hosts…"), QDialogButtonBox::ActionRole);
    remoteHosts->setObjectName(QStringLiteral("remoteHosts"));
    remoteHosts->setToolTip(tr("Other Ziggie machines to watch in the chart window's Fleet tab"));
    connect(remoteHosts, &QPushButton::clicked, this, &SettingsDialog::remoteHostsRequested);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(sampling);
    layout->addWidget(server);
    layout->addWidget(access);
    layout->addWidget(m_error);
    layout->addStretch(1);
    layout->addWidget(buttons);

    load(current);
    setMinimumWidth(fontMetrics().horizontalAdvance(u'x') * 70);
}

void SettingsDialog::load(const Config &config)
{
    m_interval->setValue(config.intervalMs / 1000.0);
    m_diskPath->setText(QDir::toNativeSeparators(config.diskPath));
    m_port->setValue(config.port);
    const bool loopback = isLoopbackHost(config.host);
    m_loopback->setChecked(loopback);
    m_lan->setChecked(!loopback);
    if (!loopback)
        m_lanAddress->setCurrentText(config.host);
    m_origins->setPlainText(config.allowedOrigins.join(u'\n'));
    m_token->setText(config.token);
    updateLanState();
}

Config SettingsDialog::config() const
{
    Config config = m_original;
    config.intervalMs = static_cast<int>(std::lround(m_interval->value() * 1000.0));
    config.diskPath = QDir::fromNativeSeparators(m_diskPath->text().trimmed());
    config.port = static_cast<quint16>(m_port->value());
    if (m_lan->isChecked())
        config.host = m_lanAddress->currentText().trimmed();
    else if (!isLoopbackHost(config.host))
        config.host = QStringLiteral("127.0.0.1");
    config.allowedOrigins = originsFrom(m_origins->toPlainText());
    config.token = m_token->text();
    return config;
}

QString SettingsDialog::validate(const Config &config)
{
    if (const auto error = ziggie::validate(config))
        return sentence(*error);
    // Beyond the shared rules, because only here does the program run on the machine the
    // person is choosing for: an address it does not have could never be bound.
    if (!isLoopbackHost(config.host)) {
        const QHostAddress address(config.host);
        const bool any = address == QHostAddress(QHostAddress::AnyIPv4) || address == QHostAddress(QHostAddress::AnyIPv6);
        if (!any && !QNetworkInterface::allAddresses().contains(address))
            return tr("%1 is not an address of this computer.").arg(config.host);
    }
    return {};
}

QString SettingsDialog::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

void SettingsDialog::accept()
{
    const Config wanted = config();
    QString error = validate(wanted);
    if (error.isEmpty() && m_apply && !m_apply(wanted, &error) && error.isEmpty())
        error = tr("The settings could not be applied.");
    if (!error.isEmpty()) {
        showError(error);
        return;
    }
    QDialog::accept();
}

void SettingsDialog::showError(const QString &message)
{
    m_error->setText(message);
    m_error->show();
}

void SettingsDialog::updateLanState()
{
    m_lanAddress->setEnabled(m_lan->isChecked());
    m_lanWarningRow->setVisible(m_lan->isChecked());
}

void SettingsDialog::regenerateToken()
{
    m_token->setText(generateApiToken());
    m_showToken->setChecked(true);
}

} // namespace ziggie::ui
