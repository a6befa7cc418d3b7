# Le site de départ qu’écrit `kintsugi new DIR --language fr`, en français. Traduit de en.ftl.
# Gardez les liens Markdown et les citations tels quels : le texte entre [crochets] est
# traduit, la cible entre (parenthèses) et `[@doe2020]` ne le sont pas.

site-title = Mon guide
site-description = Un guide étape par étape.
home-welcome = Bienvenue. Commencez par [la première étape](steps/first-step.md).

steps-title = Étapes
steps-description = Les étapes du programme, dans l’ordre.
steps-body = Suivez les étapes dans l’ordre, à votre rythme.

step-title = La première étape
step-description = Là où commence le programme.
step-heading = En quoi consiste cette étape
step-body = Rédigez votre guide ici. Citez vos sources ainsi [@doe2020].
step-next = Le moment venu, remplissez [la fiche d’exercices](../worksheets/first-step.md).

worksheets-title = Fiches d’exercices
worksheets-description = Des fiches d’exercices à imprimer, une par étape.
worksheets-body = Remplissez-les à l’écran ou imprimez-les. Vos réponses restent sur votre appareil.

sheet-title = Fiche d’exercices : La première étape
sheet-description = Des questions pour accompagner la première étape.
sheet-name = Nom
sheet-date = Date
sheet-prompt = Qu’espérez-vous changer ?
sheet-scale = À quel point vous sentez-vous prêt ou prête ?
sheet-scale-low = Pas du tout
sheet-scale-high = Tout à fait
sheet-check = J’ai lu le guide de cette étape

book-title = Un livre digne d’être cité
