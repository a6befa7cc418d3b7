# Les mots que le thème intégré de kintsugi montre aux lecteurs, en français.
# Traduit de en.ftl ; un site peut remplacer n’importe lequel d’entre eux par son propre i18n/fr.ftl.

## Toutes les pages
# Le nom de la langue dans cette langue, dans le sélecteur de langue d’un site multilingue.
language-name = Français
nav-languages = Langues
skip-link = Aller au contenu
footer-disclaimer = Contenu éducatif, qui n’est ni une thérapie ni un avis médical. Si vous êtes en danger, appelez le numéro d’urgence local.
nav-main = Menu principal
nav-references = Références
tags-label = Étiquettes
heading-anchor = Lien vers cette section

## Les étapes du programme
progress-label = Étapes du programme
# Avant le titre d’une étape, pour les lecteurs d’écran (« Étape 2 : Demander pardon »).
step-prefix = Étape { $step } :
step-number = Étape { $step }
step-of = Étape { $step } sur { $total }
program-title = Le programme en un coup d’œil

## Dans une page
toc-title = Sur cette page
page-references = Références
reference-index-link = Dans l’index des références
prev-next-label = Pages précédente et suivante
prev = Précédent
next = Suivant

## Encadrés (> [!NOTE] et les autres)
callout-note = Remarque
callout-tip = Conseil
callout-important = Important
callout-warning = Avertissement
callout-caution = Attention

## Guides et fiches d’exercices
guide-worksheet-link = Ouvrir la fiche d’exercices de cette étape
worksheet-box-label = Fiche d’exercices
worksheet-box-title = Mettre cette étape en pratique
guide-breadcrumb = Guide : { $title }
back-to-guide = Retour au guide : { $title }
read-guide = Lire le guide
worksheet-privacy = Tout ce que vous écrivez ici reste dans ce navigateur, sur cet appareil ; rien n’est jamais envoyé nulle part.
worksheet-print = Imprimer
worksheet-erase = Effacer mes réponses
worksheet-erase-question = Effacer de cet appareil toutes les réponses de cette fiche ?
worksheet-erased = Vos réponses ont été effacées.
# L’intitulé d’une cellule de tableau pour les lecteurs d’écran : l’en-tête de sa colonne et sa ligne.
worksheet-cell = { $column }, ligne { $row }
# Un lien vers le fichier PDF d’une fiche ; $paper vaut A4 ou Letter.
pdf-link = PDF, { $paper }
# Le pied des pages du PDF d’une fiche.
pdf-page-of = Page { $page } sur { $total }
# Le titre du PDF de toutes les fiches, avec et sans le titre du site.
pdf-site-worksheets = { $site } : fiches d’exercices
pdf-all-worksheets = Fiches d’exercices

## L’index des références
references-title = Références
references-lede = Toutes les sources citées sur ce site, avec des liens vers chaque passage qui les cite.
references-description = Toutes les sources citées sur { $site }, avec des liens vers les passages qui les citent.
cited-in = Cité dans :
# Un lien vers l’une des citations d’une source dans une page, repérées par les lettres a, b, c…
backref-label = { $title } : citation { $letter }

## L’édition à imprimer
print-link = Tout le guide sur une seule page, à imprimer ou à garder en livre PDF
print-contents = Sommaire
print-lede = Toutes les pages de ce guide dans l’ordre de lecture, avec leurs références et les fiches d’exercices, prêtes à imprimer. Vous pouvez aussi le télécharger comme livre :
print-pdf-link = Livre PDF, { $paper }

## Étiquettes
tags-title = Étiquettes
tags-lede = Toutes les étiquettes de ce site, avec le nombre de pages qui portent chacune.
tags-description = Toutes les étiquettes de { $site }, avec leurs pages.
tag-title = Étiquette « { $tag } »
tag-description = Les pages de { $site } portant l’étiquette « { $tag } ».
tag-lede =
    { $count ->
        [one] { $count } page porte cette étiquette.
       *[other] { $count } pages portent cette étiquette.
    }
tag-count =
    { $count ->
        [one] { $count } page
       *[other] { $count } pages
    }
all-tags = Toutes les étiquettes

## Page introuvable (404)
not-found-title = Page introuvable
not-found-text = Désolé, il n’y a aucune page à cette adresse. Elle a peut-être été déplacée.
not-found-home = Aller à la page d’accueil
not-found-start = Ou commencez par la première étape :
