#include "remotehostsdialog.h"

#include "contrast.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

namespace ziggie::ui {

QString RemoteHostsDialog::savedTokenText()
{
    return tr("•••• (saved)");
}

QString RemoteHostsDialog::noTokenText()
{
    return tr("none (public stream)");
}

RemoteHostsDialog::RemoteHostsDialog(const QList<FleetHostConfig> &hosts, const FleetAlertRule &rule,
                                     QWidget *parent)
    : QDialog(parent)
    , m_hosts(hosts)
    , m_table(new QTableWidget(0, 3, this))
    , m_name(new QLineEdit(this))
    , m_url(new QLineEdit(this))
    , m_token(new QLineEdit(this))
    , m_clearToken(new QCheckBox(tr("Remove the saved token"), this))
    , m_update(new QPushButton(tr("Save changes"), this))
    , m_remove(new QPushButton(tr("Remove"), this))
    , m_cpuThreshold(new QDoubleSpinBox(this))
    , m_sustain(new QSpinBox(this))
    , m_hostDown(new QCheckBox(tr("Notify when a host goes down or refuses its token"), this))
    , m_error(new QLabel(this))
{
    setWindowTitle(tr("Remote Hosts"));

    m_table->setHorizontalHeaderLabels({tr("Name"), tr("Address"), tr("Token")});
    m_table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_table->verticalHeader()->hide();
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAccessibleName(tr("Remote hosts"));
    m_table->setAccessibleDescription(tr("Select a host to edit or remove it in the form below"));
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &RemoteHostsDialog::loadSelected);

    m_name->setPlaceholderText(tr("build-server"));
    m_url->setPlaceholderText(QStringLiteral("http://192.168.1.20:54112"));
    m_url->setAccessibleDescription(tr("Where the other Ziggie listens, such as http://192.168.1.20:54112"));
    m_token->setEchoMode(QLineEdit::Password);
    m_token->setAccessibleDescription(tr("Its access token, for the authenticated stream; empty keeps the saved one"));
    m_token->setPlaceholderText(noTokenText());
    m_clearToken->setEnabled(false);

    auto *form = new QFormLayout;
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Address:"), m_url);
    form->addRow(tr("&Token:"), m_token);
    form->addRow(QString(), m_clearToken);

    auto *add = new QPushButton(tr("&Add"), this);
    add->setAccessibleDescription(tr("Add the host in the form to the list"));
    m_update->setAccessibleDescription(tr("Store the form in the selected host"));
    m_remove->setAccessibleDescription(tr("Remove the selected host from the list"));
    connect(add, &QPushButton::clicked, this, &RemoteHostsDialog::addFromForm);
    connect(m_update, &QPushButton::clicked, this, &RemoteHostsDialog::updateSelected);
    connect(m_remove, &QPushButton::clicked, this, &RemoteHostsDialog::removeSelected);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(add);
    buttons->addWidget(m_update);
    buttons->addStretch(1);
    buttons->addWidget(m_remove);

    m_cpuThreshold->setRange(1, 100);
    m_cpuThreshold->setDecimals(0);
    m_cpuThreshold->setSuffix(tr(" %"));
    m_cpuThreshold->setValue(rule.cpuPercent);
    m_cpuThreshold->setAccessibleName(tr("CPU alert threshold"));
    m_cpuThreshold->setAccessibleDescription(tr("Notify when a host's CPU stays above this share"));
    m_sustain->setRange(0, 3600);
    m_sustain->setSuffix(tr(" s"));
    m_sustain->setValue(rule.sustainMs / 1000);
    m_sustain->setAccessibleName(tr("CPU alert duration"));
    m_sustain->setAccessibleDescription(tr("How long the CPU must stay above the threshold before a notification"));
    m_hostDown->setChecked(rule.hostDown);
    auto *alerts = new QGroupBox(tr("Alerts"), this);
    auto *alertForm = new QFormLayout(alerts);
    auto *cpuRow = new QHBoxLayout;
    cpuRow->addWidget(new QLabel(tr("CPU above"), alerts));
    cpuRow->addWidget(m_cpuThreshold);
    cpuRow->addWidget(new QLabel(tr("for"), alerts));
    cpuRow->addWidget(m_sustain);
    cpuRow->addStretch(1);
    alertForm->addRow(cpuRow);
    alertForm->addRow(m_hostDown);

    m_error->setWordWrap(true);
    m_error->setPalette(contrast::withTextColor(m_error->palette(), QColor(0xc0, 0x39, 0x2b)));
    m_error->hide();

    auto *box = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(box, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(box, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_table, 1);
    layout->addLayout(form);
    layout->addLayout(buttons);
    layout->addWidget(m_error);
    layout->addWidget(alerts);
    layout->addWidget(box);
    resize(560, 520);
    refreshTable();
    loadSelected();
}

FleetAlertRule RemoteHostsDialog::alertRule() const
{
    return {m_cpuThreshold->value(), m_sustain->value() * 1000, m_hostDown->isChecked()};
}

QString RemoteHostsDialog::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

QString RemoteHostsDialog::validate(const FleetHostConfig &config)
{
    const QString scheme = config.url.scheme();
    if (!config.url.isValid() || config.url.host().isEmpty())
        return tr("Enter an address such as http://192.168.1.20:54112.");
    if (scheme != u"http" && scheme != u"https" && scheme != u"ws" && scheme != u"wss")
        return tr("The address must start with http://, https://, ws:// or wss://.");
    return {};
}

FleetHostConfig RemoteHostsDialog::formConfig(const QString &savedToken) const
{
    QString text = m_url->text().trimmed();
    if (!text.isEmpty() && !text.contains(QStringLiteral("://")))
        text.prepend(QStringLiteral("http://"));
    FleetHostConfig config{m_name->text().trimmed(), QUrl(text, QUrl::StrictMode), m_token->text()};
    if (config.token.isEmpty() && !m_clearToken->isChecked())
        config.token = savedToken; // empty field = keep what was saved
    return config.named();
}

bool RemoteHostsDialog::addFromForm()
{
    return storeForm(-1);
}

bool RemoteHostsDialog::updateSelected()
{
    const int row = m_table->currentRow();
    return row >= 0 && row < m_hosts.size() && storeForm(row);
}

bool RemoteHostsDialog::storeForm(int row)
{
    const FleetHostConfig config = formConfig(row < 0 ? QString() : m_hosts.at(row).token);
    if (const QString why = validate(config); !why.isEmpty()) {
        showError(why);
        return false;
    }
    if (row < 0) {
        m_hosts.append(config);
        row = int(m_hosts.size()) - 1;
    } else {
        m_hosts[row] = config;
    }
    refreshTable();
    m_table->selectRow(row);
    loadSelected();
    showError(QString());
    return true;
}

void RemoteHostsDialog::removeSelected()
{
    const int row = m_table->currentRow();
    if (row < 0 || row >= m_hosts.size())
        return;
    m_hosts.removeAt(row);
    refreshTable();
    loadSelected();
}

void RemoteHostsDialog::refreshTable()
{
    m_table->setRowCount(int(m_hosts.size()));
    for (int row = 0; row < m_hosts.size(); ++row) {
        const FleetHostConfig &h = m_hosts.at(row);
        m_table->setItem(row, 0, new QTableWidgetItem(h.name));
        m_table->setItem(row, 1, new QTableWidgetItem(h.url.toDisplayString()));
        m_table->setItem(row, 2, new QTableWidgetItem(h.token.isEmpty() ? tr("none") : savedTokenText()));
    }
    m_table->resizeColumnToContents(0);
}

void RemoteHostsDialog::loadSelected()
{
    const int row = m_table->selectedItems().isEmpty() ? -1 : m_table->currentRow();
    const bool has = row >= 0 && row < m_hosts.size();
    m_update->setEnabled(has);
    m_remove->setEnabled(has);
    m_token->clear(); // a saved token is never put back into a field
    m_clearToken->setChecked(false);
    if (!has) {
        m_name->clear();
        m_url->clear();
        m_token->setPlaceholderText(noTokenText());
        m_clearToken->setEnabled(false);
        return;
    }
    const FleetHostConfig &h = m_hosts.at(row);
    m_name->setText(h.name);
    m_url->setText(h.url.toDisplayString());
    m_token->setPlaceholderText(h.token.isEmpty() ? noTokenText() : tr("%1 — type to replace").arg(savedTokenText()));
    m_clearToken->setEnabled(!h.token.isEmpty());
}

void RemoteHostsDialog::showError(const QString &message)
{
    m_error->setText(message);
    m_error->setVisible(!message.isEmpty());
}

} // namespace ziggie::ui
