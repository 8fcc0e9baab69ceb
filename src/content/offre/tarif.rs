//! The price of an offer (`tarif`): amount, unit, sessions included, and
//! what the wallet pays for.

use serde::Serialize;

use crate::content::words::Unite;
use crate::rules::Rule;

use super::*;

/// A price: an amount in F CFP for a unit, and the sessions it covers.
#[derive(Debug, Clone, Serialize)]
pub struct Tarif {
    pub nom: Option<String>,
    pub montant: u64,
    pub unite: Unite,
    pub seances: Option<u64>,
    /// Derived: price of one session, when it can be known.
    pub prix_seance: Option<u64>,
    /// Derived: how many sessions the wallet pays for (`None` when free or unknown).
    pub seances_portefeuille: Option<u64>,
}

impl Tarif {
    /// What a missing or unreadable `tarif` is read as (its problem is
    /// reported): nothing to pay, per session.
    pub(super) fn absent() -> Tarif {
        Tarif {
            nom: None,
            montant: 0,
            unite: Unite::Seance,
            seances: None,
            prix_seance: None,
            seances_portefeuille: None,
        }
    }

    fn derive(&mut self, portefeuille: u64) {
        self.prix_seance = match (self.unite, self.seances) {
            (Unite::Seance, _) => Some(self.montant),
            (_, Some(n)) if n > 0 => Some(self.montant.div_ceil(n)),
            _ => None,
        };
        self.seances_portefeuille =
            wallet_sessions(portefeuille, self.unite, self.montant, self.seances);
    }
}

/// Sessions the wallet pays for: whole units it can buy, times the sessions
/// in a unit. `None` for a free offer (no limit) or an unknown count.
pub fn wallet_sessions(
    portefeuille: u64,
    unite: Unite,
    montant: u64,
    seances: Option<u64>,
) -> Option<u64> {
    if montant == 0 {
        return None;
    }
    let units = portefeuille / montant;
    match unite {
        Unite::Seance => Some(units),
        _ => seances.map(|n| units * n),
    }
}

pub(super) fn read_tarif(n: &Node, portefeuille: u64, with_name: bool) -> Tarif {
    let Some(m) = n.map() else {
        return Tarif::absent();
    };
    let nom = if with_name {
        m.require("nom").and_then(|n| n.text())
    } else {
        None
    };
    let montant = m.require("montant").and_then(|n| n.uint()).unwrap_or(0);
    let unite = m
        .get("unite")
        .and_then(|n| n.word())
        .unwrap_or(Unite::Seance);
    let seances_node = m.get("seances");
    let seances = seances_node.as_ref().and_then(|n| n.uint());
    if unite != Unite::Seance && seances_node.is_none() {
        let d =
            n.cx.error(
                Rule::SeancesManquant,
                m.key_pos("unite"),
                &format!("{}.seances", n.path),
                format!(
                    "avec `unite: {unite}`, indiquez `seances` : le nombre de séances comprises"
                ),
            )
            .with_hint(format!(
                "par exemple {{ montant: {montant}, unite: {unite}, seances: 10 }}"
            ));
        n.cx.sink.push(d);
    }
    if seances == Some(0) {
        seances_node.unwrap().report(
            Rule::SeancesInvalide,
            "`seances` doit être au moins 1".into(),
            None,
        );
    }
    m.finish();
    let mut t = Tarif {
        nom,
        montant,
        unite,
        seances,
        prix_seance: None,
        seances_portefeuille: None,
    };
    t.derive(portefeuille);
    t
}
